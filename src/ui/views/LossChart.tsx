// Train loss against step — raw values faint, a debiased exponential moving average on top — with validation
// loss as markers and ln(V), the loss of a uniform guess over the vocabulary, as a dashed baseline.
// Redrawn from the store once per animation frame (useStoreDraw), never through React state per step.
import { format } from 'd3';
import { useEffect, useRef, useState } from 'react';
import { useLab } from '../store/store';
import { drawLineChart } from './draw-line-chart';
import { Legend } from './Legend';
import { emaDebiased } from './smoothing';
import { useStoreDraw, type Trigger } from './use-store-draw';
import { ViewFrame } from './ViewFrame';
import { useTranslation } from 'react-i18next';
import { t } from '../i18n/i18n';

const TRIGGERS: Trigger[] = [(s) => s.metricsVersion, (s) => s.val, (s) => s.summary];
const TRAIN = '#1f5fa8';
const VAL = '#e8590c';

export function LossChart() {
  const root = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const [smoothing, setSmoothing] = useState(0.9);
  const [logScale, setLogScale] = useState(false);
  const empty = useLab((s) => s.metrics.length === 0);
  const { t: tr } = useTranslation();

  const request = useStoreDraw(box, TRIGGERS, (width) => {
    const { metrics, val, summary } = useLab.getState();
    const step = metrics.get('step');
    const loss = metrics.get('loss');
    const V = summary?.vocab;
    drawLineChart(svg.current!, {
      width,
      height: 260,
      series: [
        { x: step, y: loss, color: TRAIN, width: 1, opacity: 0.25 },
        { x: step, y: emaDebiased(loss, smoothing), color: TRAIN, width: 2 },
      ],
      markers: { x: val.step, y: val.loss, color: VAL, title: (i) => t('loss.marker', { step: val.step[i], loss: val.loss[i].toFixed(3) }) },
      refLines: V && V > 1 ? [{ y: Math.log(V), label: t('loss.uniformLine', { V, ln: Math.log(V).toFixed(2) }) }] : [],
      xLabel: t('views.step'),
      yLabel: t('loss.yLabel'),
      yLog: logScale,
      yFormat: format('.2~f'),
    });
    root.current!.dataset.points = String(loss.length);
  });
  useEffect(request, [smoothing, logScale, request]);

  return (
    <ViewFrame
      title={tr('loss.title')}
      testId="loss-chart"
      rootRef={root}
      caption={tr('loss.caption')}
      controls={
        <>
          <label>
            {tr('loss.smoothing')}
            <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} />
            <output>{smoothing.toFixed(2)}</output>
          </label>
          <label>
            <input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} /> {tr('loss.logScale')}
          </label>
        </>
      }
      empty={empty ? tr('views.appearsOnTraining') : null}
    >
      <Legend
        entries={[
          { label: tr('loss.trainEach'), color: TRAIN, opacity: 0.35 },
          { label: tr('loss.trainSmoothed'), color: TRAIN },
          { label: tr('loss.validation'), color: VAL, kind: 'dot' },
          { label: tr('loss.uniform'), color: '#666', kind: 'dashed' },
        ]}
      />
      <div ref={box} className="gl-chart">
        <svg ref={svg} />
      </div>
    </ViewFrame>
  );
}
