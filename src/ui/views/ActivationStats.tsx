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

const TRIGGERS: Trigger[] = [(s) => s.activationHistory];

/** Colour of layer l of n: dark (embeddings) to green (last block), along viridis. */
function layerColor(l: number, n: number): string {
  return interpolateViridis(n > 1 ? (0.8 * l) / (n - 1) : 0);
}

function StatChart({ stat, title, layer }: { stat: number; title: string; layer: number }) {
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const request = useStoreDraw(box, TRIGGERS, (width) => {
    const { steps, layers } = layerSeries(useLab.getState().activationHistory, stat);
    drawLineChart(svg.current!, {
      width,
      height: 170,
      series: layers.map((y, l) => ({ x: steps, y, color: layerColor(l, layers.length), width: l === layer ? 3 : 1.5, opacity: l === layer ? 1 : 0.55 })),
      xLabel: 'step',
      yLabel: title,
    });
  });
  useEffect(request, [layer, request]);
  return (
    <div className="gl-chart" ref={box}>
      <div className="gl-sub">{title} over training</div>
      <svg ref={svg} />
    </div>
  );
}

export function ActivationStats({ layer, layers }: { layer: number; layers: number }) {
  return (
    <>
      <div className="gl-grid-row">
        <Legend entries={Array.from({ length: layers }, (_, l) => ({ label: layerName(l), color: layerColor(l, layers) }))} />
      </div>
      <StatChart stat={STAT.mean} title="mean" layer={layer} />
      <StatChart stat={STAT.std} title="standard deviation" layer={layer} />
    </>
  );
}
