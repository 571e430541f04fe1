// One small multiple of MetricCharts: a step-metric column against step, with its unit on the y axis and an
// optional dashed reference line (the gradient-clipping threshold). Redrawn once per frame from the store.
import { useEffect, useRef } from 'react';
import type { StepColumn } from '../../workers/protocol';
import { useLab } from '../store/store';
import { drawLineChart, type RefLine } from './draw-line-chart';
import { useStoreDraw, type Trigger } from './use-store-draw';
import { t } from '../i18n/i18n';

interface Props {
  column: StepColumn;
  title: string;
  yLabel: string;
  yFormat: (v: number) => string;
  color: string;
  refLine?: RefLine | null;
}

const TRIGGERS: Trigger[] = [(s) => s.metricsVersion];

export function MetricChart({ column, title, yLabel, yFormat, color, refLine }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const request = useStoreDraw(box, TRIGGERS, (width) => {
    const { metrics } = useLab.getState();
    drawLineChart(svg.current!, {
      width,
      height: 170,
      series: [{ x: metrics.get('step'), y: metrics.get(column), color, width: 1.5 }],
      refLines: refLine ? [refLine] : [],
      xLabel: t('views.step'),
      yLabel,
      yFormat,
    });
  });
  useEffect(request, [refLine, request]);
  return (
    <div className="gl-chart" ref={box}>
      <div className="gl-sub">{title}</div>
      <svg ref={svg} />
    </div>
  );
}
