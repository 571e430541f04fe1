// The part every training stage shares: one optimizer step = one command encoder (clear gradients, forward, the
// stage's loss kernels, backward, global-norm clip, AdamW, copy metrics to a staging buffer), submitted without
// waiting; metrics come back asynchronously through MetricsRing; a non-finite loss or gradient norm stops the
// stage with the step named. A GPU fault (a failed readback, a lost device) makes the next step and flush reject
// with what happened instead of waiting. Stages (pretrain, sft, reward) only say how to upload a batch and which
// loss kernels run between forward and backward. Tested through trainer.test.ts, trainer-faults.test.ts and
// stages/*.test.ts.
// Mixed precision: when the context's matmuls take f16 inputs (kernels/matmul/precision.ts), the loop scales
// the loss gradients by the GPU-held loss scale before backward and the optimizer skips steps whose gradients
// overflowed (loss-scaler.ts); such a step is not a divergence (unless MAX_CONSECUTIVE_SKIPS come in a row), and
// StepMetrics carry the scale and the skipped steps. Tested by loss-scaler.test.ts.

import type { TrainConfig } from '../config';
import { LabError } from '../errors';
import { validateTrainConfig } from '../config';
import type { Dispatch, GpuContext } from '../../kernels/runtime/context';
import { METRIC, type GPT } from '../model/gpt';
import { matmulPath } from '../../kernels/matmul/precision';
import { LOSS_SCALE_METRIC, MAX_CONSECUTIVE_SKIPS, type LossScalerOptions } from './loss-scaler';
import { MetricsRing } from './metrics-ring';
import { AdamWOptimizer } from './optimizer';
import { learningRate } from './schedule';

export interface StepMetrics {
  /** 1-based count of optimizer steps taken. */
  step: number;
  loss: number;
  gradNorm: number;
  lr: number;
  /** Wall time between this step's and the previous step's metrics arriving (steady-state step time). */
  stepMs: number;
  tokensPerSec: number;
  /** Reward model: pairwise accuracy and mean margin r_w − r_l on the training batch; NaN in other stages. */
  accuracy: number;
  margin: number;
  /** With loss scaling (mixed precision): the loss scale this step's gradients were computed with. */
  lossScale?: number;
  /** With loss scaling: optimizer steps skipped so far because their gradients were not finite. */
  skippedSteps?: number;
}

/** Thrown by `step()` once a non-finite loss has been seen. */
export class TrainingDivergedError extends LabError<'training-diverged'> {
  constructor(readonly step: number, readonly value: number) {
    super('training-diverged', { step, value: String(value) }, `training stopped: the loss became ${value} at step ${step}; lower the learning rate or enable gradient clipping (the last good checkpoint is kept)`);
  }
}

export interface LoopOptions {
  /** Steps that may be submitted before the oldest one's metrics are back (default 4). */
  maxInFlight?: number;
  /** Tokens one step trains on, for tokens/s. */
  tokensPerStep: number;
  /** Kernels between the model's forward and backward (e.g. the reward model's ranking loss). */
  lossPlan?: Dispatch[];
  /** The stage's loss is the ranking loss (reward model): loss, accuracy and margin from METRIC.rank*. */
  ranking?: boolean;
  /** Metrics slot of the loss checked for divergence and reported (default METRIC.loss, rankLoss when ranking). */
  lossSlot?: number;
  /** Kernels after the model's backward, before the optimizer (e.g. PPO's pretraining batch, same gradients). */
  extraPlan?: Dispatch[];
  /** Other models whose gradient scratch must be cleared each step (they share this model's gradients). */
  extraModels?: GPT[];
  /** Every metrics value of each step, for stages that report more than StepMetrics holds. */
  onValues?: (step: number, values: Float32Array) => void;
  /**
   * Dynamic loss scaling (loss-scaler.ts): true or options to force it, false to leave it off; default on when
   * the context's matmuls take f16 inputs and there is no extraPlan (whose loss gradients the loop cannot reach
   * between their forward and backward, so they could not be scaled).
   */
  lossScaling?: boolean | LossScalerOptions;
}

export class OptimizerLoop {
  readonly optimizer: AdamWOptimizer;
  /** Optimizer steps submitted so far. */
  stepsTaken = 0;
  onStep: ((m: StepMetrics) => void) | undefined;
  private readonly ring: MetricsRing;
  private readonly plan: Dispatch[];
  private diverged: TrainingDivergedError | undefined;
  private lastArrival = 0;
  private lastFiniteStep = 0;
  /** Steps skipped in a row (loss scaling), and the skipped count of the last step seen. */
  private consecutiveSkips = 0;
  private lastSkipped = 0;

  constructor(
    private readonly ctx: GpuContext,
    readonly model: GPT,
    readonly train: TrainConfig,
    private readonly opts: LoopOptions,
  ) {
    validateTrainConfig(train);
    const extra = (opts.extraPlan ?? []).length > 0;
    const scaling = opts.lossScaling ?? (matmulPath(ctx) !== 'f32' && !extra);
    if (scaling && extra) throw new Error('OptimizerLoop: loss scaling cannot reach the loss gradients of an extraPlan; leave lossScaling off for this stage');
    this.optimizer = new AdamWOptimizer(ctx, model, train, scaling === false ? undefined : scaling === true ? {} : scaling);
    this.ring = new MetricsRing(ctx, model.metrics, opts.maxInFlight ?? 4);
    this.plan = [...model.forward, ...(opts.lossPlan ?? []), ...this.optimizer.scaleLossPlan, ...model.backward, ...(opts.extraPlan ?? []), ...this.optimizer.plan];
  }

  /** Whether this loop scales its loss gradients and skips overflowing steps (mixed precision). */
  get lossScaling(): boolean {
    return this.optimizer.scaler !== undefined;
  }

  /** The last step whose loss was seen to be finite (for "keep the last good checkpoint"). */
  get lastGoodStep(): number {
    return this.lastFiniteStep;
  }

  /** Loads parameters and AdamW moments saved after `step` steps (the caller fast-forwards its batches). */
  restore(step: number, params: Float32Array, m: Float32Array, v: Float32Array): void {
    if (this.stepsTaken !== 0) throw new Error(`restore: this trainer has already taken ${this.stepsTaken} steps`);
    if (!Number.isInteger(step) || step < 0) throw new Error(`restore: step must be a non-negative integer (got ${step})`);
    const n = this.optimizer.m.length;
    if (m.length !== n || v.length !== n) throw new Error(`restore: AdamW moments have ${m.length} and ${v.length} values, the model needs ${n}`);
    this.model.loadParams(params);
    this.ctx.write(this.optimizer.m, m);
    this.ctx.write(this.optimizer.v, v);
    this.stepsTaken = step;
    this.lastFiniteStep = step;
  }

  /**
   * Throws the TrainingDivergedError after a non-finite loss, the readback error after a failed readback, or the
   * device's loss once it was lost.
   */
  throwIfDiverged(): void {
    if (this.diverged) throw this.diverged;
    this.throwIfFaulted();
  }

  /** Encodes and submits one step; `upload` writes its batch (called after a metrics slot is free). */
  async step(upload: (step: number) => void): Promise<void> {
    this.throwIfDiverged();
    const staging = await this.ring.acquire();
    try {
      this.throwIfDiverged(); // the wait may have seen a divergence, or the device go
    } catch (e) {
      this.ring.release(staging);
      throw e;
    }
    const { model, optimizer, ctx } = this;
    const t = this.stepsTaken + 1;
    const lr = learningRate(t - 1, this.train);
    try {
      upload(t);
      optimizer.setStep(t, lr);
      const encoder = ctx.device.createCommandEncoder({ label: `step ${t}` });
      model.zeroGrads(encoder);
      for (const m of this.opts.extraModels ?? []) m.zeroGrads(encoder);
      ctx.encode(encoder, this.plan, 'train step');
      this.ring.capture(encoder, staging);
      ctx.device.queue.submit([encoder.finish()]);
    } catch (e) {
      this.ring.release(staging); // nothing was submitted: the slot must not be lost
      throw e;
    }
    this.stepsTaken = t;
    const submitted = performance.now();
    this.ring.deliver(staging, (v) => this.onMetrics(t, lr, v, submitted));
  }

  /**
   * Waits until the metrics of every step submitted so far were delivered. Rejects if one could not be (a failed
   * readback, a lost device); a divergence is left to throwIfDiverged.
   */
  async flush(): Promise<void> {
    await this.ring.drain();
    this.throwIfFaulted();
  }

  destroy(): void {
    this.ring.destroy();
    this.optimizer.destroy();
  }

  /** Throws the failed readback's error, or the device's loss (a step submitted to a lost device does nothing). */
  private throwIfFaulted(): void {
    const readback = this.ring.error;
    if (readback) throw readback;
    const lost = this.ctx.lost;
    if (lost) throw new LabError('device-lost', { reason: lost.message }, `training stopped: ${lost.message} (${this.stepsTaken} steps submitted, the last good one ${this.lastFiniteStep})`, { cause: lost });
  }

  /**
   * Step time = arrival of this step's metrics minus the later of its submission and the previous arrival:
   * in a busy pipeline that is the spacing between steps (throughput); after a pause, a probe or at the first
   * step it is this step's own latency, so idle time never counts as training time.
   */
  private onMetrics(step: number, lr: number, v: Float32Array, submitted: number): void {
    const now = performance.now();
    const stepMs = now - Math.max(submitted, this.lastArrival);
    this.lastArrival = now;
    const ranking = this.opts.ranking ?? false;
    const loss = v[this.opts.lossSlot ?? (ranking ? METRIC.rankLoss : METRIC.loss)];
    this.opts.onValues?.(step, v);
    // With loss scaling a non-finite gradient norm is an overflow the scaler handled (the step was skipped),
    // unless it keeps happening at every scale.
    const scaled = this.lossScaling;
    if (scaled) this.countSkips(v[LOSS_SCALE_METRIC.skippedSteps]);
    const overflowHandled = scaled && this.consecutiveSkips < MAX_CONSECUTIVE_SKIPS;
    const badNorm = !Number.isFinite(v[METRIC.gradNorm]) && !overflowHandled;
    if (!Number.isFinite(loss) || badNorm) {
      this.diverged ??= new TrainingDivergedError(step, Number.isFinite(loss) ? v[METRIC.gradNorm] : loss);
    } else if (!this.diverged) {
      this.lastFiniteStep = step;
    }
    this.onStep?.({
      step, loss, gradNorm: v[METRIC.gradNorm], lr, stepMs, tokensPerSec: stepMs > 0 ? (this.opts.tokensPerStep * 1000) / stepMs : 0,
      accuracy: ranking ? v[METRIC.rankAccuracy] : NaN, margin: ranking ? v[METRIC.rankMargin] : NaN,
      ...(scaled ? { lossScale: v[LOSS_SCALE_METRIC.lossScale], skippedSteps: v[LOSS_SCALE_METRIC.skippedSteps] } : {}),
    });
  }

  /** Tracks the skipped steps in a row from the running count of skipped steps. */
  private countSkips(skipped: number): void {
    this.consecutiveSkips = skipped > this.lastSkipped ? this.consecutiveSkips + 1 : 0;
    this.lastSkipped = skipped;
  }
}
