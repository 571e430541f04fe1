// Learning-rate schedule: linear warmup from 0 to lr, then cosine decay to lr*minLrRatio at the last step
// (nanoGPT's get_lr). Pure function of the step. Tested by schedule.test.ts.
import type { TrainConfig } from '../config';

export function learningRate(step: number, t: Pick<TrainConfig, 'lr' | 'minLrRatio' | 'warmupSteps' | 'steps'>): number {
  const minLr = t.lr * t.minLrRatio;
  if (step < t.warmupSteps) return (t.lr * (step + 1)) / (t.warmupSteps + 1);
  const decaySteps = Math.max(1, t.steps - t.warmupSteps);
  const progress = Math.min(1, (step - t.warmupSteps) / decaySteps);
  return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (t.lr - minLr);
}
