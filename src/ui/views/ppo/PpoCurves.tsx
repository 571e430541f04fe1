// PPO's curves per rollout, from each `ppo` event's TRL metrics: the reward model's score, the KL to π_SFT per
// sequence, the total reward (score − β·KL), the labeler's score (when the prompts have a labeler), the pretraining
// loss and β; held-out evaluations (`ppoEval`) as markers on the score, KL and labeler charts. Each chart redraws on
// a new rollout through useStoreDraw; `data-points` on a chart = rollouts drawn (the e2e hook: ppo-score-chart).
// Exercised by e2e/pipeline.e2e.mjs; the series maths is in kl-cells.ts.
import { format } from 'd3';
import { useRef } from 'react';
import type { PpoEvalView } from '../../../workers/protocol';
import { useLab } from '../../store/store';
import { drawLineChart, type RefLine } from '../draw-line-chart';
import { Legend } from '../Legend';
import { useStoreDraw, type Trigger } from '../use-store-draw';
import { ViewFrame } from '../ViewFrame';
import { metricSeries } from './kl-cells';
import { Trans, useTranslation } from 'react-i18next';
import { t as word } from '../../i18n/i18n';

const TRAIN = '#1f5fa8';
const VAL = '#e8590c';
const TRIGGERS: Trigger[] = [(s) => s.stages.ppo.ppoRollouts, (s) => s.stages.ppo.ppoEvals];
const ZERO: RefLine[] = [{ y: 0, label: '0' }];
const fmt = format('.3~g');

interface ChartProps {
  metric: string;
  /** Held-out value drawn as markers, if any. */
  val?: 'scores' | 'kl' | 'labelerScore';
  yLabel: string;
  testId: string;
  refLines?: RefLine[];
  yFormat?: (v: number) => string;
}

function PpoMetricChart({ metric, val, yLabel, testId, refLines = [], yFormat = fmt }: ChartProps) {
  const root = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  useStoreDraw(root, TRIGGERS, (width) => {
    const run = useLab.getState().stages.ppo;
    const { x, y } = metricSeries(run.ppoRollouts, metric);
    const evals = val ? run.ppoEvals.filter((v: PpoEvalView) => v[val] !== null && Number.isFinite(v[val])) : [];
    const vx = evals.map((v) => v.rollout);
    const vy = evals.map((v) => (val ? (v[val] as number) : NaN));
    drawLineChart(svg.current!, {
      width,
      height: 180,
      series: [{ x, y, color: TRAIN, width: 2 }],
      markers: val ? { x: vx, y: vy, color: VAL, title: (i) => word('ppoViews.rolloutMarker', { rollout: vx[i], value: fmt(vy[i]) }) } : undefined,
      refLines,
      xLabel: word('ppoViews.rollout'),
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

export function PpoCurves() {
  const empty = useLab((s) => s.stages.ppo.ppoRollouts.length === 0);
  const labeler = useLab((s) => s.experiment.reward.labeler);
  const { t } = useTranslation();
  return (
    <ViewFrame
      title={t('ppoViews.curvesTitle')}
      caption={<Trans i18nKey="ppoViews.curvesCaption" values={{ labeler }} components={{ b: <b /> }} />}
      empty={empty ? t('ppoViews.firstRollout') : null}
    >
      <Legend entries={[{ label: t('ppoViews.perRollout'), color: TRAIN }, { label: t('ppoViews.heldOutPrompts'), color: VAL, kind: 'dot' }]} />
      <div className="gl-grid">
        <div><div className="gl-sub">{t('ppoViews.score')}</div><PpoMetricChart metric="objective/scores" val="scores" yLabel={t('ppoViews.scoreAxis')} testId="ppo-score-chart" refLines={ZERO} /></div>
        <div><div className="gl-sub">{t('ppoViews.kl')}</div><PpoMetricChart metric="objective/kl" val="kl" yLabel={t('ppoViews.klPerResponse')} testId="ppo-kl-chart" refLines={ZERO} /></div>
        <div><div className="gl-sub">{t('ppoViews.total')}</div><PpoMetricChart metric="objective/rlhf_reward" yLabel={t('ppoViews.totalAxis')} testId="ppo-reward-chart" refLines={ZERO} /></div>
        <div><div className="gl-sub">{t('ppoViews.labelerScore')}</div><PpoMetricChart metric="objective/labeler_score" val="labelerScore" yLabel={t('ppoViews.labelerAxis')} testId="ppo-labeler-chart" /></div>
        <div><div className="gl-sub">{t('ppoViews.ptx')}</div><PpoMetricChart metric="loss/ptx_avg" yLabel={t('ppoViews.ptxAxis')} testId="ppo-ptx-chart" /></div>
        <div><div className="gl-sub">{t('ppoViews.beta')}</div><PpoMetricChart metric="objective/kl_coef" yLabel="β" testId="ppo-beta-chart" yFormat={format('.5~g')} /></div>
      </div>
    </ViewFrame>
  );
}
