// Which checkpoint a later stage starts (or started) from: "pretraining, step N". Shown above its controls.
// Exercised in the browser by e2e/pipeline.e2e.mjs.
import type { Stage } from '../../../workers/protocol';
import { stageInit } from '../../store/stage-select';
import type { LaterStage } from '../../store/stage-slice';
import { useLab } from '../../store/store';

const NAMES: Record<Stage, string> = { pretrain: 'pretraining', sft: 'the SFT model', reward: 'the reward model', ppo: 'PPO' };

export function StartsFrom({ stage }: { stage: LaterStage }) {
  const from = useLab((s) => s.stages[stage].from);
  const init = useLab((s) => (stage === 'ppo' ? (s.saved.reward ? s.saved.sft ?? null : null) : stageInit(s, stage)));
  const text = from
    ? `Started from ${NAMES[from.stage]} at step ${from.step}.`
    : init
      ? `Starts from ${NAMES[init.stage]} at step ${init.step}.`
      : `Needs ${stage === 'sft' ? 'a pretrained model' : stage === 'ppo' ? 'the SFT model and the reward model' : 'the SFT model'} first.`;
  return <p className="field-hint" data-testid={`starts-from-${stage}`}>{text}</p>;
}
