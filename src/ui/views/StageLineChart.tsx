// One step-metric column of a later stage (SFT or reward model) against step — raw values faint, smoothed on top —
// with that stage's validation points as markers and optional dashed reference lines. Reads the stage's slice of
// the store on each metrics batch (useStoreDraw), never through React state per step. `data-points` on the root =
// training points drawn (the e2e hook). Exercised by e2e/pipeline.e2e.mjs; its maths is in smoothing.ts.
import { useRef } from 'react';
import type { StepColumn } from '../../workers/protocol';
import type { LaterStage, StageVal } from '../store/stage-slice';
import { useLab } from '../store/store';
import { drawLineChart, type RefLine } from './draw-line-chart';
import { emaDebiased } from './smoothing';
import { useStoreDraw, type Trigger } from './use-store-draw';
import { t } from '../i18n/i18n';

const TRIGGERS: Record<LaterStage, Trigger[]> = {
  sft: [(s) => s.stages.sft.metricsVersion, (s) => s.stages.sft.val],
  reward: [(s) => s.stages.reward.metricsVersion, (s) => s.stages.reward.val],
  ppo: [(s) => s.stages.ppo.metricsVersion, (s) => s.stages.ppo.val],
};

interface Props {
  stage: LaterStage;
  column: StepColumn;
  /** Validation field drawn as markers, if any. */
  val?: keyof Omit<StageVal, 'step'>;
  xLabel?: string;
  yLabel: string;
  yFormat: (v: number) => string;
  color: string;
  valColor: string;
  valName: string;
  refLines?: RefLine[];
  testId: string;
  height?: number;
}

export function StageLineChart({ stage, column, val, yLabel, yFormat, color, valColor, valName, refLines = [], testId, height = 220 }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  useStoreDraw(root, TRIGGERS[stage], (width) => {
    const run = useLab.getState().stages[stage];
    const x = run.metrics.get('step');
    const y = run.metrics.get(column);
    const vy = val ? run.val[val] : [];
    drawLineChart(svg.current!, {
      width,
      height,
      series: [
        { x, y, color, width: 1, opacity: 0.3 },
        { x, y: emaDebiased(y, 0.8), color, width: 2 },
      ],
      markers: val ? { x: run.val.step, y: vy, color: valColor, title: (i) => t('chart.stepMarker', { step: run.val.step[i], name: valName, value: yFormat(vy[i]) }) } : undefined,
      refLines,
      xLabel: t('views.step'),
      yLabel,
      yFormat,
    });
    root.current!.dataset.points = String(y.length);
  });
  return (
    <div className="gl-chart" ref={root} data-testid={testId}>
      <svg ref={svg} />
    </div>
  );
}
