// Dynamic loss scaling for mixed precision, as PyTorch's GradScaler, with every decision on the GPU: the loss
// gradients are multiplied by S before backward (so small gradients survive f16 matmul inputs); gradnorm's
// loss-scaled stage reads the scaled gradients' norm, unscales it, flags a step whose gradients are not all
// finite, and moves S (halved after such a step, doubled after GROWTH_INTERVAL finite steps in a row); AdamW
// skips a flagged step and otherwise multiplies the gradient by clip scale / S. The S each step used and the
// steps skipped so far reach the metrics buffer, read back with the other metrics between steps.
// Tested by loss-scaler.test.ts (forced on in f32 on SwiftShader).

import type { Dispatch, GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';
import { LOSS_SCALE_STATE_LENGTH, type LossScaleSpec } from '../../kernels/gradnorm/gradnorm';
import type { LossScaleState } from '../../kernels/gradnorm/gradnorm.ref';
import { scaleByLossScale } from '../../kernels/lossscale/lossscale';
import { METRIC, type GPT } from '../model/gpt';

/** PyTorch GradScaler's defaults, which its users have tuned for years: start at 2^16 (gradients of a mean
 *  loss are small: 2^16 lifts values down to ~1e-12 into f16's normal range), halve on overflow, double after
 *  2000 finite steps in a row (rare enough that an overflow every few thousand steps keeps S near its best). */
export const INITIAL_LOSS_SCALE = 2 ** 16;
export const GROWTH_FACTOR = 2;
export const BACKOFF_FACTOR = 0.5;
export const GROWTH_INTERVAL = 2000;

/** Halving 2^16 forty times reaches 2^-24, below which no f16 input survives: so many skipped steps in a row
 *  mean the gradients are not finite at any scale, and the loop reports a divergence. */
export const MAX_CONSECUTIVE_SKIPS = 40;

/** Metrics slots of the scaler: the last two of METRIC.length, which no stage writes (METRIC lists its slots). */
export const LOSS_SCALE_METRIC = { lossScale: METRIC.length - 2, skippedSteps: METRIC.length - 1 } as const;

export interface LossScalerOptions {
  /** Finite steps in a row before S doubles (default GROWTH_INTERVAL; tests shorten it). */
  growthInterval?: number;
  /** S before the first step (default INITIAL_LOSS_SCALE). */
  initialScale?: number;
}

export class LossScaler {
  /** (3) f32 on the GPU: S, finite steps since S last changed, steps skipped so far. */
  readonly state: Tensor;
  readonly spec: LossScaleSpec;
  private readonly ctx: GpuContext;

  /** Allocates the state (inside the caller's trackBuffers scope, so its owner frees it). */
  constructor(ctx: GpuContext, opts: LossScalerOptions = {}) {
    this.ctx = ctx;
    this.state = ctx.tensor('lossScaler.state', [LOSS_SCALE_STATE_LENGTH]);
    this.spec = {
      state: this.state, scaleIndex: LOSS_SCALE_METRIC.lossScale, skippedIndex: LOSS_SCALE_METRIC.skippedSteps,
      growthInterval: opts.growthInterval ?? GROWTH_INTERVAL, growthFactor: GROWTH_FACTOR, backoffFactor: BACKOFF_FACTOR,
    };
    this.write({ scale: opts.initialScale ?? INITIAL_LOSS_SCALE, good: 0, skipped: 0 });
  }

  /** The dispatches that multiply every loss gradient of `model` by S (between the loss kernels and backward). */
  scaleLossGradients(model: GPT): Dispatch[] {
    return lossGradients(model).flatMap((t) => scaleByLossScale(this.ctx, t, this.state, t.length));
  }

  /** Overwrites the state (restoring a run, or a test forcing a scale). */
  write(s: LossScaleState): void {
    if (!(s.scale > 0) || !Number.isFinite(s.scale)) throw new Error(`loss scale must be a positive finite number (got ${s.scale})`);
    this.ctx.write(this.state, Float32Array.of(s.scale, s.good, s.skipped));
  }

  /** Reads the state back (outside a step). */
  async read(): Promise<LossScaleState> {
    const [scale, good, skipped] = await this.ctx.read(this.state);
    return { scale, good, skipped };
  }
}

/** The gradients the loss kernels write and backward starts from: the LM head's dlogits and each scalar head's
 *  dvalues. Backward is linear in them, so scaling them scales every gradient. */
export function lossGradients(model: GPT): Tensor[] {
  return [...(model.lm ? [model.lm.dlogits] : []), ...Object.values(model.heads).map((h) => h.dvalues)];
}
