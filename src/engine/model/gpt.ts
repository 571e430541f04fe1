// The GPT-2 model on the GPU: parameters (one flat buffer), activations for a fixed (B, T), and two recorded
// plans: `forward` (embedding → blocks → ln_f → tied LM head → fused cross-entropy → mean loss) and
// `backward` (the same list mirrored). Plans are built once and replayed every step inside one command encoder.
// Tested against PyTorch fixtures by gpt.test.ts.

import type { ModelConfig } from '../config';
import { validateModelConfig } from '../config';
import type { Dispatch, GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';
import { attentionBackward, attentionForward } from '../../kernels/attention/attention';
import { crossEntropyForwardBackward } from '../../kernels/crossentropy/crossentropy';
import { buildTokenBuckets, embeddingBackward, embeddingForward, type TokenBucketTensors } from '../../kernels/embedding/embedding';
import { geluBackward, geluForward } from '../../kernels/gelu/gelu';
import { layernormBackward, layernormForward } from '../../kernels/layernorm/layernorm';
import { biasBackward, matmul } from '../../kernels/matmul/matmul';
import { weightedSum } from '../../kernels/reduce/reduce';
import { residualForward } from '../../kernels/residual/residual';
import { allocActivations, planMemory, type Activations, type GradScratch, type MemoryPlan } from './activations';
import { allocParams, paramLayout, type ParamLayout, type ParamTensors } from './params';

/** Slots of the small metrics buffer that every step writes and the host reads back asynchronously. */
export const METRIC = { loss: 0, gradNorm: 1, length: 64 } as const;

export interface GptOptions {
  /** Share the parameters of another model (e.g. a B=1 sampler beside the trainer). */
  shareParams?: GPT;
  /** Allocate gradients and build the backward plan. */
  training: boolean;
}

export class GPT {
  readonly ctx: GpuContext;
  readonly cfg: ModelConfig;
  readonly B: number;
  readonly T: number;
  readonly layout: ParamLayout;
  readonly params: ParamTensors;
  readonly grads: ParamTensors | null;
  readonly acts: Activations;
  readonly scratch: GradScratch | null;
  readonly memory: MemoryPlan;
  /** Batch inputs, written by setBatch (B,T) u32 / u32 / f32, plus embedding-backward buckets. */
  readonly tokens: Tensor;
  readonly targets: Tensor;
  readonly weights: Tensor;
  readonly buckets: TokenBucketTensors;
  /** (METRIC.length) f32: loss, gradient norm, ... */
  readonly metrics: Tensor;
  readonly forward: Dispatch[];
  readonly backward: Dispatch[];
  /** Buffers allocated by this model (shared parameters excluded), freed by destroy(). */
  private readonly owned: GPUBuffer[];

  constructor(ctx: GpuContext, cfg: ModelConfig, B: number, T: number, opts: GptOptions) {
    validateModelConfig(cfg);
    if (T > cfg.blockSize) throw new Error(`T=${T} exceeds the model's context length ${cfg.blockSize}`);
    this.ctx = ctx;
    this.cfg = cfg;
    this.B = B;
    this.T = T;
    this.layout = paramLayout(cfg);
    this.memory = planMemory(cfg, B, T, this.layout.total, ctx.limits, opts.training);
    const scope = ctx.trackBuffers();
    try {
      this.params = opts.shareParams ? opts.shareParams.params : allocParams(ctx, this.layout, cfg, 'params');
      this.grads = opts.training ? allocParams(ctx, this.layout, cfg, 'grads') : null;
      const { acts, scratch } = allocActivations(ctx, cfg, B, T, opts.training);
      this.acts = acts;
      this.scratch = scratch;
      this.tokens = ctx.tensor('tokens', [B, T], 'u32');
      this.targets = ctx.tensor('targets', [B, T], 'u32');
      this.weights = ctx.tensor('weights', [B, T]);
      this.buckets = { order: ctx.tensor('buckets.order', [B * T], 'u32'), starts: ctx.tensor('buckets.starts', [cfg.vocabSize + 1], 'u32') };
      this.metrics = ctx.tensor('metrics', [METRIC.length]);
      this.forward = this.buildForward();
      this.backward = this.grads ? this.buildBackward() : [];
    } catch (e) {
      ctx.destroyBuffers(scope.stop());
      throw e;
    }
    this.owned = scope.stop();
  }

  /** Frees every buffer this model allocated (parameters only if it owns them, not when shared). */
  destroy(): void {
    this.ctx.destroyBuffers(this.owned);
  }

  /**
   * Uploads one batch. `weights` (B,T) marks which targets count (default: all); they are normalized here to
   * sum to 1 so the GPU's weighted sum is the mean loss over counted tokens and dlogits its gradient.
   */
  setBatch(inputs: Uint32Array, targets: Uint32Array, weights?: Float32Array): void {
    const n = this.B * this.T;
    if (inputs.length !== n || targets.length !== n) throw new Error(`setBatch: expected ${n} tokens (B=${this.B}, T=${this.T}), got ${inputs.length} and ${targets.length}`);
    const V = this.cfg.vocabSize;
    for (let i = 0; i < n; i++) {
      if (inputs[i] >= V || targets[i] >= V) throw new Error(`setBatch: token id ${Math.max(inputs[i], targets[i])} at position ${i} is outside the vocabulary (V=${V})`);
    }
    const w = new Float32Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weights ? weights[i] : 1;
    if (!(sum > 0)) throw new Error('setBatch: every token is masked (all weights are 0)');
    for (let i = 0; i < n; i++) w[i] = (weights ? weights[i] : 1) / sum;
    this.ctx.write(this.tokens, inputs);
    this.ctx.write(this.targets, targets);
    this.ctx.write(this.weights, w);
    if (this.grads) {
      const b = buildTokenBuckets(inputs, V);
      this.ctx.write(this.buckets.order, b.order);
      this.ctx.write(this.buckets.starts, b.starts);
    }
  }

  /** Uploads host parameters (flat, laid out by `this.layout`). */
  loadParams(flat: Float32Array): void {
    if (flat.length !== this.layout.total) throw new Error(`loadParams: ${flat.length} values, layout needs ${this.layout.total}`);
    this.ctx.write(this.params.all, flat);
  }

  async readParams(): Promise<Float32Array> {
    return this.ctx.read(this.params.all);
  }

  private buildForward(): Dispatch[] {
    const { ctx, cfg, B, T, params: p, acts: a } = this;
    const { nEmbd: C, nHead: NH, vocabSize: V } = cfg;
    const N = B * T;
    const d: Dispatch[] = [];
    d.push(...embeddingForward(ctx, a.encoded, this.tokens, p.wte, p.wpe, B, T, C));
    let residual = a.encoded;
    for (let l = 0; l < cfg.nLayer; l++) {
      const w = p.blocks[l];
      const x = a.blocks[l];
      d.push(...layernormForward(ctx, x.ln1, x.ln1Mean, x.ln1Rstd, residual, w.ln1w, w.ln1b, N, C));
      d.push(...matmul(ctx, x.qkv, x.ln1, w.qkvw, N, 3 * C, C, { bias: w.qkvb }));
      d.push(...attentionForward(ctx, x.atty, x.attLse, x.qkv, B, T, C, NH));
      d.push(...matmul(ctx, x.attproj, x.atty, w.attprojw, N, C, C, { bias: w.attprojb }));
      d.push(residualForward(ctx, x.residual2, residual, x.attproj));
      d.push(...layernormForward(ctx, x.ln2, x.ln2Mean, x.ln2Rstd, x.residual2, w.ln2w, w.ln2b, N, C));
      d.push(...matmul(ctx, x.fch, x.ln2, w.fcw, N, 4 * C, C, { bias: w.fcb }));
      d.push(...geluForward(ctx, x.fchGelu, x.fch, N * 4 * C));
      d.push(...matmul(ctx, x.fcproj, x.fchGelu, w.fcprojw, N, C, 4 * C, { bias: w.fcprojb }));
      d.push(residualForward(ctx, x.residual3, x.residual2, x.fcproj));
      residual = x.residual3;
    }
    d.push(...layernormForward(ctx, a.lnf, a.lnfMean, a.lnfRstd, residual, p.lnfw, p.lnfb, N, C));
    d.push(...matmul(ctx, a.logits, a.lnf, p.wte, N, V, C, { transB: true }));
    d.push(...crossEntropyForwardBackward(ctx, a.losses, a.dlogits, a.logits, this.targets, this.weights, N, V));
    d.push(...weightedSum(ctx, this.metrics, METRIC.loss, a.losses, this.weights, N));
    return d;
  }

  /** Gradients ACCUMULATE into `grads` and `scratch.dresidual`: zero both before each step (see zeroGrads). */
  private buildBackward(): Dispatch[] {
    const { ctx, cfg, B, T, params: p, acts: a } = this;
    const g = this.grads!;
    const s = this.scratch!;
    const { nEmbd: C, nHead: NH, vocabSize: V } = cfg;
    const N = B * T;
    const d: Dispatch[] = [];
    // LM head (tied): dlnf = dlogits · wte ; dwte += dlogitsᵀ · lnf
    d.push(...matmul(ctx, s.dln, a.dlogits, p.wte, N, C, V));
    d.push(...matmul(ctx, g.wte, a.dlogits, a.lnf, V, C, N, { transA: true, accumulate: true }));
    const lastResidual = cfg.nLayer > 0 ? a.blocks[cfg.nLayer - 1].residual3 : a.encoded;
    d.push(...layernormBackward(ctx, s.dresidual, g.lnfw, g.lnfb, s.dln, lastResidual, p.lnfw, a.lnfMean, a.lnfRstd, N, C));
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
    d.push(...embeddingBackward(ctx, g.wte, g.wpe, s.dresidual, this.tokens, this.buckets, B, T, C, V));
    return d;
  }

  /** Records, into `encoder`, the clears that must precede `backward` (gradients accumulate). */
  zeroGrads(encoder: GPUCommandEncoder): void {
    if (!this.grads || !this.scratch) throw new Error('zeroGrads: model was built without gradients');
    encoder.clearBuffer(this.grads.all.buffer);
    const r = this.scratch.dresidual;
    encoder.clearBuffer(r.buffer, r.offset, r.length * 4);
  }
}
