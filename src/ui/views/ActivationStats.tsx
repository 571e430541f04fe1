// Mean and standard deviation of the residual stream over training steps, one line per layer (the selected layer
// drawn bold): how the scale of the signal grows through depth and over training. Reads `activationHistory`.
// Renders grid items (a full-width layer legend, then two charts) for the parent's .gl-grid.
import { interpolateViridis } from 'd3';
import { useEffect, useRef } from 'react';
import { useLab } from '../store/store';
import { drawLineChart } from './draw-line-chart';
import { Legend } from './Legend';
import { layerName, layerSeries, STAT } from './probe-data';
import { useStoreDraw, type Trigger } from './use-store-draw';
import { useTranslation } from 'react-i18next';
import { t } from '../i18n/i18n';

const TRIGGERS: Trigger[] = [(s) => s.activationHistory];

/** Colour of layer l of n: dark (embeddings) to green (last block), along viridis. */
function layerColor(l: number, n: number): string {
  return interpolateViridis(n > 1 ? (0.8 * l) / (n - 1) : 0);
}

/** `title`: the catalogue key of the statistic's name. */
function StatChart({ stat, title, layer }: { stat: number; title: string; layer: number }) {
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const request = useStoreDraw(box, TRIGGERS, (width) => {
    const { steps, layers } = layerSeries(useLab.getState().activationHistory, stat);
    drawLineChart(svg.current!, {
      width,
      height: 170,
      series: layers.map((y, l) => ({ x: steps, y, color: layerColor(l, layers.length), width: l === layer ? 3 : 1.5, opacity: l === layer ? 1 : 0.55 })),
      xLabel: t('views.step'),
      yLabel: t(title),
    });
  });
  useEffect(request, [layer, request]);
  const { t: tr } = useTranslation();
  return (
    <div className="gl-chart" ref={box}>
      <div className="gl-sub">{tr('activations.overTraining', { stat: tr(title) })}</div>
      <svg ref={svg} />
    </div>
  );
}

export function ActivationStats({ layer, layers }: { layer: number; layers: number }) {
  useTranslation(); // the layer names in the legend follow the language
  return (
    <>
      <div className="gl-grid-row">
        <Legend entries={Array.from({ length: layers }, (_, l) => ({ label: layerName(l), color: layerColor(l, layers) }))} />
      </div>
      <StatChart stat={STAT.mean} title="activations.mean" layer={layer} />
      <StatChart stat={STAT.std} title="activations.std" layer={layer} />
    </>
  );
}
