// AdamW with global gradient-norm clipping, entirely on the GPU: gradNorm writes the norm into the metrics
// buffer and the clip scale into a one-float tensor that adamw reads, so no value crosses to the CPU inside a
// step. Hyperparameters that change per step (lr, bias corrections) are written with queue.writeBuffer.
// With a loss scaler (mixed precision) the norm stage is gradnorm's loss-scaled one: the clip scale tensor holds
// [clip scale / S, skip flag] and AdamW leaves everything untouched on a flagged step (see loss-scaler.ts).
// Tested against torch.optim.AdamW fixtures by model/gpt.test.ts, with loss scaling by loss-scaler.test.ts.

import type { TrainConfig } from '../config';
import type { Dispatch, GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';
import { adamw, ADAMW_HYPER_LENGTH } from '../../kernels/adamw/adamw';
import { gradNorm, gradNormLossScaled, SCALED_GRAD_SCALE_LENGTH } from '../../kernels/gradnorm/gradnorm';
import { METRIC, type GPT } from '../model/gpt';
import { LossScaler, type LossScalerOptions } from './loss-scaler';

export class AdamWOptimizer {
  readonly m: Tensor;
  readonly v: Tensor;
  readonly hyper: Tensor;
  /** (1) clip scale; with loss scaling (2): [clip scale / S, skip flag]. */
  readonly clipScale: Tensor;
  /** Set with loss scaling: its state, and the dispatches that scale the model's loss gradients. */
  readonly scaler: LossScaler | undefined;
  readonly scaleLossPlan: Dispatch[];
  readonly plan: Dispatch[];
  private readonly ctx: GpuContext;
  private readonly cfg: TrainConfig;
  private readonly owned: GPUBuffer[];

  /** `lossScaling`: scale the loss gradients, skip steps whose gradients are not finite (mixed precision). */
  constructor(ctx: GpuContext, model: GPT, cfg: TrainConfig, lossScaling?: LossScalerOptions) {
    if (!model.grads) throw new Error('AdamWOptimizer needs a model built with gradients');
    this.ctx = ctx;
    this.cfg = cfg;
    // Frozen groups lie after trainableEnd: no clipping norm, no update, no decay for them.
    const total = model.layout.trainableEnd;
    const scope = ctx.trackBuffers();
    try {
      this.m = ctx.tensor('adamw.m', [total]);
      this.v = ctx.tensor('adamw.v', [total]);
      this.hyper = ctx.tensor('adamw.hyper', [ADAMW_HYPER_LENGTH]);
      this.clipScale = ctx.tensor('adamw.clipScale', [lossScaling ? SCALED_GRAD_SCALE_LENGTH : 1]);
      this.scaler = lossScaling ? new LossScaler(ctx, lossScaling) : undefined;
      this.scaleLossPlan = this.scaler ? this.scaler.scaleLossGradients(model) : [];
      const skip = this.scaler !== undefined;
      const split = model.layout.decayEnd;
      const range = (t: Tensor, start: number, end: number): Tensor => ({ ...t, label: `${t.label}[${start}:${end}]`, offset: t.offset + start * 4, length: end - start, shape: [end - start] });
      const p = model.params.all;
      const g = model.grads.all;
      this.plan = [
        ...(this.scaler
          ? gradNormLossScaled(ctx, model.metrics, this.clipScale, g, total, cfg.gradClip, METRIC.gradNorm, this.scaler.spec)
          : gradNorm(ctx, model.metrics, this.clipScale, g, total, cfg.gradClip, METRIC.gradNorm)),
        ...adamw(ctx, range(p, 0, split), range(g, 0, split), range(this.m, 0, split), range(this.v, 0, split), this.hyper, this.clipScale, split, true, skip),
      ];
      if (total > split) {
        this.plan.push(...adamw(ctx, range(p, split, total), range(g, split, total), range(this.m, split, total), range(this.v, split, total), this.hyper, this.clipScale, total - split, false, skip));
      }
    } catch (e) {
      ctx.destroyBuffers(scope.stop());
      throw e;
    }
    this.owned = scope.stop();
  }

  /** Frees the moments, hyperparameters and the plan's uniforms and scratch. */
  destroy(): void {
    this.ctx.destroyBuffers(this.owned);
  }

  /** Writes the hyperparameters of optimizer step `t` (1-based, as PyTorch counts) with learning rate `lr`. */
  setStep(t: number, lr: number): void {
    const { beta1, beta2, eps, weightDecay } = this.cfg;
    const h = new Float32Array(ADAMW_HYPER_LENGTH);
    h.set([lr, beta1, beta2, eps, weightDecay, 1 - Math.pow(beta1, t), 1 - Math.pow(beta2, t), 0]);
    this.ctx.write(this.hyper, h);
  }
}
