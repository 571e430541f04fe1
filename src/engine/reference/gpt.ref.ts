// CPU reference GPT-2: the same forward/backward as model/gpt.ts, composed from the kernels' CPU references
// over the same flat parameter layout. It is checked against PyTorch fixtures and by finite differences
// (gpt.ref.test.ts), and serves as a readable statement of what the GPU plans compute.

import type { ModelConfig } from '../config';
import { attentionBackwardRef, attentionForwardRef } from '../../kernels/attention/attention.ref';
import { crossEntropyForwardBackwardRef } from '../../kernels/crossentropy/crossentropy.ref';
import { embeddingBackwardRef, embeddingForwardRef } from '../../kernels/embedding/embedding.ref';
import { geluBackwardRef, geluForwardRef } from '../../kernels/gelu/gelu.ref';
import { layernormBackwardRef, layernormForwardRef } from '../../kernels/layernorm/layernorm.ref';
import { biasBackwardRef, matmulRef } from '../../kernels/matmul/matmul.ref';
import { residualForwardRef } from '../../kernels/residual/residual.ref';
import { paramLayout, type ParamLayout } from '../model/params';

export interface RefResult {
  logits: Float32Array; // (B,T,V)
  loss: number; // Σ weights·losses (weights normalized to sum 1)
  grads: Float32Array | null; // flat, same layout as the parameters
}

/** Runs forward (and backward if `withGrads`) of the GPT on one batch. `weights` (B,T) default to uniform. */
export function gptRef(cfg: ModelConfig, flat: Float32Array, inputs: Uint32Array, targets: Uint32Array, B: number, T: number, withGrads: boolean, weights?: Float32Array): RefResult {
  const { nLayer: L, nEmbd: C, nHead: NH, vocabSize: V } = cfg;
  const N = B * T;
  const layout = paramLayout(cfg);
  const P = views(flat, layout);
  const f = (n: number) => new Float32Array(n);
  const w = f(N);
  const wsum = weights ? weights.reduce((a, b) => a + b, 0) : N;
  for (let i = 0; i < N; i++) w[i] = (weights ? weights[i] : 1) / wsum;

  // Forward, keeping what backward needs.
  const encoded = f(N * C);
  embeddingForwardRef(encoded, inputs, P('transformer.wte.weight'), P('transformer.wpe.weight'), B, T, C);
  const layers = [];
  let residual = encoded;
  for (let l = 0; l < L; l++) {
    const h = (s: string) => P(`transformer.h.${l}.${s}`);
    const x = {
      residualIn: residual, ln1: f(N * C), ln1Mean: f(N), ln1Rstd: f(N), qkv: f(N * 3 * C), atty: f(N * C), lse: f(B * NH * T),
      attproj: f(N * C), residual2: f(N * C), ln2: f(N * C), ln2Mean: f(N), ln2Rstd: f(N), fch: f(N * 4 * C), fchGelu: f(N * 4 * C),
      fcproj: f(N * C), residual3: f(N * C),
    };
    layernormForwardRef(x.ln1, x.ln1Mean, x.ln1Rstd, residual, h('ln_1.weight'), h('ln_1.bias'), N, C);
    matmulRef(x.qkv, x.ln1, h('attn.c_attn.weight'), h('attn.c_attn.bias'), N, 3 * C, C, false, false, false);
    attentionForwardRef(x.atty, x.lse, x.qkv, B, T, C, NH);
    matmulRef(x.attproj, x.atty, h('attn.c_proj.weight'), h('attn.c_proj.bias'), N, C, C, false, false, false);
    residualForwardRef(x.residual2, residual, x.attproj, N * C);
    layernormForwardRef(x.ln2, x.ln2Mean, x.ln2Rstd, x.residual2, h('ln_2.weight'), h('ln_2.bias'), N, C);
    matmulRef(x.fch, x.ln2, h('mlp.c_fc.weight'), h('mlp.c_fc.bias'), N, 4 * C, C, false, false, false);
    geluForwardRef(x.fchGelu, x.fch, N * 4 * C);
    matmulRef(x.fcproj, x.fchGelu, h('mlp.c_proj.weight'), h('mlp.c_proj.bias'), N, C, 4 * C, false, false, false);
    residualForwardRef(x.residual3, x.residual2, x.fcproj, N * C);
    layers.push(x);
    residual = x.residual3;
  }
  const lnf = f(N * C), lnfMean = f(N), lnfRstd = f(N);
  layernormForwardRef(lnf, lnfMean, lnfRstd, residual, P('transformer.ln_f.weight'), P('transformer.ln_f.bias'), N, C);
  const logits = f(N * V);
  matmulRef(logits, lnf, P('transformer.wte.weight'), null, N, V, C, false, true, false);
  const losses = f(N), dlogits = f(N * V);
  crossEntropyForwardBackwardRef(losses, dlogits, logits, targets, w, N, V);
  let loss = 0;
  for (let i = 0; i < N; i++) loss += w[i] * losses[i];
  if (!withGrads) return { logits, loss, grads: null };

  // Backward: the forward list mirrored; gradients accumulate into `grads`.
  const grads = new Float32Array(layout.total);
  const G = views(grads, layout);
  const dln = f(N * C), dresidual = f(N * C);
  matmulRef(dln, dlogits, P('transformer.wte.weight'), null, N, C, V, false, false, false);
  matmulRef(G('transformer.wte.weight'), dlogits, lnf, null, V, C, N, true, false, true);
  layernormBackwardRef(dresidual, G('transformer.ln_f.weight'), G('transformer.ln_f.bias'), dln, residual, P('transformer.ln_f.weight'), lnfMean, lnfRstd, N, C);
  for (let l = L - 1; l >= 0; l--) {
    const h = (s: string) => P(`transformer.h.${l}.${s}`);
    const dh = (s: string) => G(`transformer.h.${l}.${s}`);
    const x = layers[l];
    const dfchGelu = f(N * 4 * C), dfch = f(N * 4 * C), datty = f(N * C), dqkv = f(N * 3 * C);
    matmulRef(dfchGelu, dresidual, h('mlp.c_proj.weight'), null, N, 4 * C, C, false, true, false);
    matmulRef(dh('mlp.c_proj.weight'), x.fchGelu, dresidual, null, 4 * C, C, N, true, false, true);
    biasBackwardRef(dh('mlp.c_proj.bias'), dresidual, N, C, true);
    geluBackwardRef(dfch, x.fch, dfchGelu, N * 4 * C);
    matmulRef(dln, dfch, h('mlp.c_fc.weight'), null, N, C, 4 * C, false, true, false);
    matmulRef(dh('mlp.c_fc.weight'), x.ln2, dfch, null, C, 4 * C, N, true, false, true);
    biasBackwardRef(dh('mlp.c_fc.bias'), dfch, N, 4 * C, true);
    layernormBackwardRef(dresidual, dh('ln_2.weight'), dh('ln_2.bias'), dln, x.residual2, h('ln_2.weight'), x.ln2Mean, x.ln2Rstd, N, C);
    matmulRef(datty, dresidual, h('attn.c_proj.weight'), null, N, C, C, false, true, false);
    matmulRef(dh('attn.c_proj.weight'), x.atty, dresidual, null, C, C, N, true, false, true);
    biasBackwardRef(dh('attn.c_proj.bias'), dresidual, N, C, true);
    attentionBackwardRef(dqkv, datty, x.qkv, x.atty, x.lse, B, T, C, NH);
    matmulRef(dln, dqkv, h('attn.c_attn.weight'), null, N, C, 3 * C, false, true, false);
    matmulRef(dh('attn.c_attn.weight'), x.ln1, dqkv, null, C, 3 * C, N, true, false, true);
    biasBackwardRef(dh('attn.c_attn.bias'), dqkv, N, 3 * C, true);
    layernormBackwardRef(dresidual, dh('ln_1.weight'), dh('ln_1.bias'), dln, x.residualIn, h('ln_1.weight'), x.ln1Mean, x.ln1Rstd, N, C);
  }
  embeddingBackwardRef(G('transformer.wte.weight'), G('transformer.wpe.weight'), dresidual, inputs, B, T, C, V);
  return { logits, loss, grads };
}

/** name → subarray view of a flat buffer laid out by `layout`. */
function views(flat: Float32Array, layout: ParamLayout): (name: string) => Float32Array {
  const byName = new Map(layout.specs.map((s) => [s.name, s]));
  return (name) => {
    const s = byName.get(name);
    if (!s) throw new Error(`no parameter ${name}`);
    return flat.subarray(s.offset, s.offset + s.length);
  };
}
