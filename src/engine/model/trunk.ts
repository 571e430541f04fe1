// The GPT-2 trunk as two recorded plans: forward (token + position embedding → L blocks → final LayerNorm) and
// backward (the same list mirrored), which starts from `scratch.dlnf`, the gradient at the trunk's output that
// every head ADDS into. Heads (lm-head.ts, scalar-head.ts) read `acts.lnf`. Tested through gpt.test.ts and the
// stage golden tests (stages/stages-vs-pytorch.test.ts).

import type { ModelConfig } from '../config';
import type { Dispatch, GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';
import { attentionBackward, attentionForward } from '../../kernels/attention/attention';
import { embeddingBackward, embeddingForward, type TokenBucketTensors } from '../../kernels/embedding/embedding';
import { geluBackward, geluForward } from '../../kernels/gelu/gelu';
import { layernormBackward, layernormForward, residualLayernormForward } from '../../kernels/layernorm/layernorm';
import { biasBackward, matmul } from '../../kernels/matmul/matmul';
import type { Activations, GradScratch } from './activations';
import type { ParamTensors } from './params';

export interface TrunkTensors {
  ctx: GpuContext;
  cfg: ModelConfig;
  B: number;
  T: number;
  params: ParamTensors;
  acts: Activations;
  tokens: Tensor; // (B,T) u32
}

export function buildTrunkForward(m: TrunkTensors): Dispatch[] {
  const { ctx, cfg, B, T, params: p, acts: a } = m;
  const { nEmbd: C, nHead: NH } = cfg;
  const N = B * T;
  const d: Dispatch[] = [];
  d.push(...embeddingForward(ctx, a.encoded, m.tokens, p.wte, p.wpe, B, T, C));
  // Each residual add is fused with the LayerNorm that reads its result (residualLayernormForward: one dispatch,
  // the same numbers); only the first block's ln_1 reads the embedding on its own.
  const b0 = p.blocks[0], x0 = a.blocks[0];
  d.push(...layernormForward(ctx, x0.ln1, x0.ln1Mean, x0.ln1Rstd, a.encoded, b0.ln1w, b0.ln1b, N, C));
  let residual = a.encoded;
  for (let l = 0; l < cfg.nLayer; l++) {
    const w = p.blocks[l];
    const x = a.blocks[l];
    d.push(...matmul(ctx, x.qkv, x.ln1, w.qkvw, N, 3 * C, C, { bias: w.qkvb }));
    d.push(...attentionForward(ctx, x.atty, x.attLse, x.qkv, B, T, C, NH));
    d.push(...matmul(ctx, x.attproj, x.atty, w.attprojw, N, C, C, { bias: w.attprojb }));
    d.push(...residualLayernormForward(ctx, x.residual2, x.ln2, x.ln2Mean, x.ln2Rstd, residual, x.attproj, w.ln2w, w.ln2b, N, C));
    d.push(...matmul(ctx, x.fch, x.ln2, w.fcw, N, 4 * C, C, { bias: w.fcb }));
    d.push(...geluForward(ctx, x.fchGelu, x.fch, N * 4 * C));
    d.push(...matmul(ctx, x.fcproj, x.fchGelu, w.fcprojw, N, C, 4 * C, { bias: w.fcprojb }));
    // The next LayerNorm: the next block's ln_1, or after the last block the final ln_f.
    const next = l + 1 < cfg.nLayer
      ? { out: a.blocks[l + 1].ln1, mean: a.blocks[l + 1].ln1Mean, rstd: a.blocks[l + 1].ln1Rstd, w: p.blocks[l + 1].ln1w, b: p.blocks[l + 1].ln1b }
      : { out: a.lnf, mean: a.lnfMean, rstd: a.lnfRstd, w: p.lnfw, b: p.lnfb };
    d.push(...residualLayernormForward(ctx, x.residual3, next.out, next.mean, next.rstd, x.residual2, x.fcproj, next.w, next.b, N, C));
    residual = x.residual3;
  }
  return d;
}

/** Gradients ACCUMULATE into `grads` and `scratch.dresidual`: zero both (and dlnf) before each step. */
export function buildTrunkBackward(m: TrunkTensors, grads: ParamTensors, s: GradScratch, buckets: TokenBucketTensors): Dispatch[] {
  const { ctx, cfg, B, T, params: p, acts: a } = m;
  const g = grads;
  const { nEmbd: C, nHead: NH, vocabSize: V } = cfg;
  const N = B * T;
  const d: Dispatch[] = [];
  const lastResidual = cfg.nLayer > 0 ? a.blocks[cfg.nLayer - 1].residual3 : a.encoded;
  d.push(...layernormBackward(ctx, s.dresidual, g.lnfw, g.lnfb, s.dlnf, lastResidual, p.lnfw, a.lnfMean, a.lnfRstd, N, C));
  for (let l = cfg.nLayer - 1; l >= 0; l--) {
    const w = p.blocks[l];
    const dw = g.blocks[l];
    const x = a.blocks[l];
    const residualIn = l === 0 ? a.encoded : a.blocks[l - 1].residual3;
    // MLP: dresidual is the gradient at residual3 and, through the skip connection, at fcproj.
    d.push(...matmul(ctx, s.dfchGelu, s.dresidual, w.fcprojw, N, 4 * C, C, { transB: true }));
    d.push(...matmul(ctx, dw.fcprojw, x.fchGelu, s.dresidual, 4 * C, C, N, { transA: true, accumulate: true }));
    d.push(...biasBackward(ctx, dw.fcprojb, s.dresidual, N, C, true));
    d.push(...geluBackward(ctx, s.dfch, x.fch, s.dfchGelu, N * 4 * C));
    d.push(...matmul(ctx, s.dln, s.dfch, w.fcw, N, C, 4 * C, { transB: true }));
    d.push(...matmul(ctx, dw.fcw, x.ln2, s.dfch, C, 4 * C, N, { transA: true, accumulate: true }));
    d.push(...biasBackward(ctx, dw.fcb, s.dfch, N, 4 * C, true));
    d.push(...layernormBackward(ctx, s.dresidual, dw.ln2w, dw.ln2b, s.dln, x.residual2, w.ln2w, x.ln2Mean, x.ln2Rstd, N, C));
    // Attention: dresidual is now the gradient at residual2 and at attproj.
    d.push(...matmul(ctx, s.datty, s.dresidual, w.attprojw, N, C, C, { transB: true }));
    d.push(...matmul(ctx, dw.attprojw, x.atty, s.dresidual, C, C, N, { transA: true, accumulate: true }));
    d.push(...biasBackward(ctx, dw.attprojb, s.dresidual, N, C, true));
    d.push(...attentionBackward(ctx, s.dqkv, s.datty, x.qkv, x.atty, x.attLse, B, T, C, NH));
    d.push(...matmul(ctx, s.dln, s.dqkv, w.qkvw, N, C, 3 * C, { transB: true }));
    d.push(...matmul(ctx, dw.qkvw, x.ln1, s.dqkv, C, 3 * C, N, { transA: true, accumulate: true }));
    d.push(...biasBackward(ctx, dw.qkvb, s.dqkv, N, 3 * C, true));
    d.push(...layernormBackward(ctx, s.dresidual, dw.ln1w, dw.ln1b, s.dln, residualIn, w.ln1w, x.ln1Mean, x.ln1Rstd, N, C));
  }
  d.push(...embeddingBackward(ctx, g.wte, g.wpe, s.dresidual, m.tokens, buckets, B, T, C, V));
  return d;
}
