// The reward model's pairwise accuracy and margin against step: training batches (raw and smoothed) and held-out
// evaluations (markers), with chance (0.5) and zero as dashed lines. Two small StageLineCharts; this file lays
// them out and explains them. Exercised by e2e/pipeline.e2e.mjs (data-points of reward-accuracy-chart).
import { format } from 'd3';
import { useLab } from '../../store/store';
import { Legend } from '../Legend';
import { StageLineChart } from '../StageLineChart';
import { ViewFrame } from '../ViewFrame';

const TRAIN = '#1f5fa8';
const VAL = '#e8590c';
const CHANCE = [{ y: 0.5, label: 'chance' }];
const ZERO = [{ y: 0, label: 'no preference' }];

export function RewardCurves() {
  const empty = useLab((s) => s.stages.reward.metrics.length === 0);
  return (
    <ViewFrame
      title="Reward model: accuracy and margin"
      caption="Accuracy: the fraction of pairs where the better answer gets the higher reward. Margin: the mean reward gap r_w − r_l. Training batches are noisy; held-out pairs tell whether the model learned the labeler's preference or memorised its examples."
      empty={empty ? 'Appears when the reward model starts training.' : null}
    >
      <Legend
        entries={[
          { label: 'training batch', color: TRAIN, opacity: 0.35 },
          { label: 'training (smoothed)', color: TRAIN },
          { label: 'held-out pairs', color: VAL, kind: 'dot' },
        ]}
      />
      <div className="gl-grid">
        <div>
          <div className="gl-sub">Pairwise accuracy</div>
          <StageLineChart stage="reward" column="accuracy" val="accuracy" yLabel="accuracy (fraction of pairs)" yFormat={format('.0%')} color={TRAIN} valColor={VAL} valName="held-out accuracy" refLines={CHANCE} testId="reward-accuracy-chart" height={190} />
        </div>
        <div>
          <div className="gl-sub">Margin</div>
          <StageLineChart stage="reward" column="margin" val="margin" yLabel="r_w − r_l (reward units)" yFormat={format('.2~g')} color={TRAIN} valColor={VAL} valName="held-out margin" refLines={ZERO} testId="reward-margin-chart" height={190} />
        </div>
      </div>
    </ViewFrame>
  );
}
