// The tied language-model head on the trunk's output: logits = lnf · wteᵀ, fused cross-entropy against the
// targets with per-token weights, and the weighted loss into the metrics buffer; backward adds dlogits · wte into
// the trunk's output gradient and dlogitsᵀ · lnf into wte's gradient. Pretraining (all tokens), SFT (completion
// tokens, plus λ times all) and later PPO's ptx term differ only in the weights. Tested through gpt.test.ts and
// stages/stages-vs-pytorch.test.ts.

import type { ModelConfig } from '../config';
import type { Dispatch, GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';
import { crossEntropyForwardBackward } from '../../kernels/crossentropy/crossentropy';
import { matmul } from '../../kernels/matmul/matmul';
import { weightedSum } from '../../kernels/reduce/reduce';
import type { Shape } from './activations';
import type { ParamTensors } from './params';

export class LmHead {
  readonly targets: Tensor; // (B,T) u32
  readonly weights: Tensor; // (B,T) f32, summing to the loss normalisation (see GPT.setBatch)
  readonly logits: Tensor; // (B,T,V)
  readonly losses: Tensor; // (B,T) per-token cross-entropy
  readonly dlogits: Tensor; // (B,T,V)
  readonly forward: Dispatch[];
  readonly backward: Dispatch[];

  /** Buffers of a head for (B, T): for the memory plan, before allocating. */
  static shapes(cfg: ModelConfig, B: number, T: number): Array<[string, Shape]> {
    const V = cfg.vocabSize;
    return [['logits', [B, T, V]], ['losses', [B, T]], ['dlogits', [B, T, V]], ['targets', [B, T]], ['weights', [B, T]]];
  }

  constructor(
    ctx: GpuContext,
    cfg: ModelConfig,
    B: number,
    T: number,
    params: ParamTensors,
    grads: ParamTensors | null,
    lnf: Tensor, // (B,T,C)
    dlnf: Tensor | null, // (B,T,C)
    metrics: Tensor,
    lossSlot: number,
  ) {
    const { nEmbd: C, vocabSize: V } = cfg;
    const N = B * T;
    this.targets = ctx.tensor('targets', [B, T], 'u32');
    this.weights = ctx.tensor('weights', [B, T]);
    this.logits = ctx.tensor('act.logits', [B, T, V]);
    this.losses = ctx.tensor('act.losses', [B, T]);
    this.dlogits = ctx.tensor('act.dlogits', [B, T, V]);
    this.forward = [
      ...matmul(ctx, this.logits, lnf, params.wte, N, V, C, { transB: true }),
      ...crossEntropyForwardBackward(ctx, this.losses, this.dlogits, this.logits, this.targets, this.weights, N, V),
      ...weightedSum(ctx, metrics, lossSlot, this.losses, this.weights, N),
    ];
    this.backward = grads && dlnf
      ? [
          // dlnf += dlogits · wte ; dwte += dlogitsᵀ · lnf
          ...matmul(ctx, dlnf, this.dlogits, params.wte, N, C, V, { accumulate: true }),
          ...matmul(ctx, grads.wte, this.dlogits, lnf, V, C, N, { transA: true, accumulate: true }),
        ]
      : [];
  }
}
