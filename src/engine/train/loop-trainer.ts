// The part of every stage's trainer that only forwards to its OptimizerLoop (step count, last good step, the
// per-step callback, flush, divergence), written once. Tested through trainer.test.ts and the stage tests.

import type { OptimizerLoop, StepMetrics } from './optimizer-loop';

export abstract class LoopTrainer {
  abstract readonly loop: OptimizerLoop;

  /** Optimizer steps submitted so far. */
  get stepsTaken(): number {
    return this.loop.stepsTaken;
  }

  /** The last step whose loss was seen to be finite (for "keep the last good checkpoint"). */
  get lastGoodStep(): number {
    return this.loop.lastGoodStep;
  }

  get onStep(): ((m: StepMetrics) => void) | undefined {
    return this.loop.onStep;
  }

  set onStep(f: ((m: StepMetrics) => void) | undefined) {
    this.loop.onStep = f;
  }

  /** Waits until the metrics of every step submitted so far were delivered; rejects after a GPU fault. */
  flush(): Promise<void> {
    return this.loop.flush();
  }

  /** Throws the TrainingDivergedError (or readback error, or device loss) once one was seen (call after `flush`). */
  throwIfDiverged(): void {
    this.loop.throwIfDiverged();
  }
}
