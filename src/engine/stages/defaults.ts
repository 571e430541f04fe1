// Training defaults of the stages after pretraining (steps, learning rate, batch), chosen by measurement on the
// tiny preset with the bundled data (see pipeline.test.ts and the README); every field can be overridden.
// Tested through pipeline.test.ts.

import { DEFAULT_TRAIN, type TrainConfig } from '../config';

export const STAGE_TRAIN: Record<'sft' | 'reward', TrainConfig> = {
  /** Fine-tuning the tiny preset: 3e-3 (its pretraining rate) lowered the held-out completion loss 2.82 → 1.91 in
   *  100 steps, 1e-3 only to 2.13; lower it for larger models. */
  sft: { ...DEFAULT_TRAIN, steps: 150, lr: 3e-3, batchSize: 8, warmupSteps: 10, evalEvery: 50 },
  /** Reward model: batch = sequences per step (whole groups of K), e.g. 4 prompts × K=4. */
  reward: { ...DEFAULT_TRAIN, steps: 150, lr: 1e-3, batchSize: 16, warmupSteps: 10, evalEvery: 50 },
};

/** GPT-1's λ for the auxiliary LM loss was 0.5; InstructGPT's SFT used none, which is the default here. */
export const DEFAULT_LAMBDA = 0;

export function stageTrainConfig(stage: 'sft' | 'reward', overrides: Partial<TrainConfig>): TrainConfig {
  const out = { ...STAGE_TRAIN[stage] };
  for (const [k, v] of Object.entries(overrides) as Array<[keyof TrainConfig, number | undefined]>) if (v !== undefined) out[k] = v;
  return out;
}
