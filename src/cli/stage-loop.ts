// The training loop the stage commands share (sft, reward): steps with a log line every N, an evaluation every
// `evalEvery` steps and at the end, the checkpoint written (atomically) after each evaluation whose step had a
// finite loss, and a divergence naming the step and the last checkpoint kept. Tested by stages-cli.test.ts.

import type { TrainConfig } from '../engine/config';
import { TrainingDivergedError, type StepMetrics } from '../engine/train/optimizer-loop';
import { emit } from './args';
import { writeFileAtomic } from './files';

export interface StageLoopTrainer {
  readonly train: TrainConfig;
  readonly lastGoodStep: number;
  onStep: ((m: StepMetrics) => void) | undefined;
  step(): Promise<void>;
  flush(): Promise<void>;
  throwIfDiverged(): void;
}

export async function runStageLoop<E extends Record<string, unknown>>(
  t: StageLoopTrainer,
  opts: { json: boolean; logEvery: number; out?: string; evaluate: () => Promise<E>; checkpoint: () => Promise<Uint8Array>; extra?: (m: StepMetrics) => Record<string, unknown> },
): Promise<{ seconds: number; last?: E }> {
  const { steps, evalEvery } = t.train;
  const started = performance.now();
  let last: E | undefined;
  let savedAt = 0;
  t.onStep = (m) => {
    if (m.step % opts.logEvery === 0 || m.step === 1 || m.step === steps) {
      emit(opts.json, { step: m.step, loss: m.loss, gradNorm: m.gradNorm, lr: m.lr, ...(opts.extra?.(m) ?? {}), tokensPerSec: Math.round(m.tokensPerSec), stepMs: m.stepMs });
    }
  };
  try {
    for (let s = 1; s <= steps; s++) {
      await t.step();
      if ((evalEvery > 0 && s % evalEvery === 0) || s === steps) {
        await t.flush();
        t.throwIfDiverged();
        last = await opts.evaluate();
        emit(opts.json, { step: s, ...last });
        if (opts.out && t.lastGoodStep === s) {
          writeFileAtomic(opts.out, await opts.checkpoint());
          savedAt = s;
        }
      }
    }
    await t.flush();
    t.throwIfDiverged();
  } catch (e) {
    if (e instanceof TrainingDivergedError && opts.out) e.message += savedAt ? ` (${opts.out} holds the checkpoint of step ${savedAt})` : ` (${opts.out} was not written: no evaluation had passed yet)`;
    throw e;
  }
  return { seconds: (performance.now() - started) / 1000, last };
}
