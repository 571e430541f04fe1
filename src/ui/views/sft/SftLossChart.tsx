// SFT's loss against step: the training loss L3 = L2 + λ·L1 (raw and smoothed) and the held-out completion loss
// (L2 on validation examples) as markers, in nats per token. Exercised by e2e/pipeline.e2e.mjs (data-points).
import { format } from 'd3';
import { useLab } from '../../store/store';
import { Legend } from '../Legend';
import { StageLineChart } from '../StageLineChart';
import { ViewFrame } from '../ViewFrame';

const TRAIN = '#1f5fa8';
const VAL = '#e8590c';

export function SftLossChart() {
  const empty = useLab((s) => s.stages.sft.metrics.length === 0);
  const lambda = useLab((s) => s.experiment.sft.lambda);
  return (
    <ViewFrame
      title="SFT loss"
      caption={`How well the model writes the demonstrated answers. Training loss L3 = L2 + λ·L1 with λ = ${lambda}: L2 is the cross-entropy on completion tokens only (the prompt is masked), L1 the language-model loss on every token. Validation is L2 on held-out examples.`}
      empty={empty ? 'Appears when SFT starts.' : null}
    >
      <Legend
        entries={[
          { label: 'train L3 (each step)', color: TRAIN, opacity: 0.35 },
          { label: 'train L3 (smoothed)', color: TRAIN },
          { label: 'held-out completion loss L2', color: VAL, kind: 'dot' },
        ]}
      />
      <StageLineChart stage="sft" column="loss" val="loss" yLabel="loss (nats per token)" yFormat={format('.2~f')} color={TRAIN} valColor={VAL} valName="held-out completion loss" testId="sft-loss-chart" height={260} />
    </ViewFrame>
  );
}
