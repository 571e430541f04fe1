// A GPT-2 model on the GPU: parameters (one flat buffer: the trunk and its scalar heads), the trunk's activations
// for a fixed (B, T), and its heads — the tied LM head with cross-entropy (optional) and scalar heads (reward
// model, value head). `forward` = trunk then heads; `backward` = heads (each ADDS into the trunk's output
// gradient) then the trunk. Plans are built once and replayed every step inside one command encoder.
// Tested against PyTorch fixtures by gpt.test.ts and stages/stages-vs-pytorch.test.ts.

import type { ModelConfig } from '../config';
import { validateModelConfig } from '../config';
import type { Dispatch, GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';
import { buildTokenBuckets, type TokenBucketTensors } from '../../kernels/embedding/embedding';
import { allocActivations, planMemory, type Activations, type GradScratch, type MemoryPlan, type Shape } from './activations';
import { LmHead } from './lm-head';
import { allocParams, paramLayout, type ParamLayout, type ParamTensors } from './params';
import { ScalarHead, type ScalarHeadSpec } from './scalar-head';
import { buildTrunkBackward, buildTrunkForward } from './trunk';

/** Slots of the small metrics buffer that every step writes and the host reads back asynchronously. */
export const METRIC = {
  loss: 0, gradNorm: 1,
  rankLoss: 2, rankAccuracy: 3, rankMargin: 4, // reward model
  pgLoss: 5, pgClipfrac: 6, approxKl: 7, vfLoss: 8, vfClipfrac: 9, entropy: 10, ptxLoss: 11, // PPO
  taskLoss: 12, taskAccuracy: 13, // GPT-1 task heads (fine-tuning)
  length: 64,
} as const;

export interface GptOptions {
  /** Share the parameters of another model (e.g. a B=1 sampler beside the trainer); the layout is that model's. */
  shareParams?: GPT;
  /** Allocate gradients and build the backward plan. */
  training: boolean;
  /** The tied LM head with cross-entropy (default true; a reward model has none). */
  lmHead?: boolean;
  /** Scalar heads (`score` for a reward model, `v_head.summary` for PPO's value head). */
  scalarHeads?: readonly ScalarHeadSpec[];
  /** Parameter groups the optimizer leaves alone (`transformer` or head names). */
  frozen?: readonly string[];
  /** Accumulate gradients into another model's (with shareParams: e.g. PPO's pretraining batch beside the rollout). */
  shareGrads?: GPT;
  /** Write the LM loss into another model's metrics buffer at this slot (so one readback carries both). */
  shareMetrics?: { model: GPT; lossSlot: number };
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
  /** Batch inputs, written by setBatch / setInputs (B,T) u32, plus embedding-backward buckets. */
  readonly tokens: Tensor;
  readonly buckets: TokenBucketTensors;
  /** (METRIC.length) f32: loss, gradient norm, ... */
  readonly metrics: Tensor;
  readonly lm: LmHead | null;
  readonly heads: Readonly<Record<string, ScalarHead>>;
  readonly trunkForward: Dispatch[];
  readonly forward: Dispatch[];
  readonly backward: Dispatch[];
  /** Buffers allocated by this model (shared parameters excluded), freed by destroy(). */
  private readonly owned: GPUBuffer[];

  /**
   * The layout and memory plan of a model (every buffer it would allocate, checked against the adapter's limits)
   * without allocating anything: a stage sums the plans of all its models against the budget first.
   */
  static plan(limits: GPUSupportedLimits, cfg: ModelConfig, B: number, T: number, opts: GptOptions): { layout: ParamLayout; memory: MemoryPlan } {
    validateModelConfig(cfg);
    if (T > cfg.blockSize) throw new Error(`T=${T} exceeds the model's context length ${cfg.blockSize}`);
    const specs = opts.scalarHeads ?? [];
    const layout = opts.shareParams ? opts.shareParams.layout : paramLayout(cfg, { heads: specs, frozen: opts.frozen });
    for (const s of specs) {
      const outputs = s.outputs ?? 1;
      if (!layout.heads.some((h) => h.name === s.name && h.bias === s.bias && (h.outputs ?? 1) === outputs)) {
        throw new Error(`GPT: head "${s.name}" (bias ${s.bias}, ${outputs} outputs) is not in the shared parameters' layout (${layout.heads.map((h) => `${h.name}: bias ${h.bias}, ${h.outputs ?? 1} outputs`).join('; ') || 'no heads'})`);
      }
    }
    const headShapes: Array<[string, Shape]> = [...((opts.lmHead ?? true) ? LmHead.shapes(cfg, B, T) : []), ...specs.flatMap((s) => ScalarHead.shapes(s))];
    return { layout, memory: planMemory(cfg, B, T, opts.shareParams ? 0 : layout.total, limits, opts.training, headShapes) };
  }

  constructor(ctx: GpuContext, cfg: ModelConfig, B: number, T: number, opts: GptOptions) {
    const { layout, memory } = GPT.plan(ctx.limits, cfg, B, T, opts);
    this.ctx = ctx;
    this.cfg = cfg;
    this.B = B;
    this.T = T;
    this.layout = layout;
    this.memory = memory;
    const specs = opts.scalarHeads ?? [];
    const withLm = opts.lmHead ?? true;
    const scope = ctx.trackBuffers();
    try {
      this.params = opts.shareParams ? opts.shareParams.params : allocParams(ctx, this.layout, cfg, 'params');
      if (opts.shareGrads && (!opts.training || opts.shareParams !== opts.shareGrads)) throw new Error('GPT: shareGrads needs training and the same model in shareParams');
      this.grads = opts.training ? (opts.shareGrads?.grads ?? allocParams(ctx, this.layout, cfg, 'grads')) : null;
      const { acts, scratch } = allocActivations(ctx, cfg, B, T, opts.training);
      this.acts = acts;
      this.scratch = scratch;
      this.tokens = ctx.tensor('tokens', [B, T], 'u32');
      this.buckets = { order: ctx.tensor('buckets.order', [B * T], 'u32'), starts: ctx.tensor('buckets.starts', [cfg.vocabSize + 1], 'u32') };
      this.metrics = opts.shareMetrics?.model.metrics ?? ctx.tensor('metrics', [METRIC.length]);
      const dlnf = scratch?.dlnf ?? null;
      this.lm = withLm ? new LmHead(ctx, cfg, B, T, this.params, this.grads, acts.lnf, dlnf, this.metrics, opts.shareMetrics?.lossSlot ?? METRIC.loss) : null;
      const heads: Record<string, ScalarHead> = {};
      for (const s of specs) heads[s.name] = new ScalarHead(ctx, s, B * T, cfg.nEmbd, this.params.heads[s.name], this.grads?.heads[s.name] ?? null, acts.lnf, dlnf);
      this.heads = heads;
      const trunk = { ctx, cfg, B, T, params: this.params, acts, tokens: this.tokens };
      this.trunkForward = buildTrunkForward(trunk);
      const scalar = Object.values(heads);
      this.forward = [...this.trunkForward, ...(this.lm?.forward ?? []), ...scalar.flatMap((h) => h.forward)];
      this.backward = this.grads && scratch
        ? [...scalar.reverse().flatMap((h) => h.backward), ...(this.lm?.backward ?? []), ...buildTrunkBackward(trunk, this.grads, scratch, this.buckets)]
        : [];
    } catch (e) {
      ctx.destroyBuffers(scope.stop());
      throw e;
    }
    this.owned = scope.stop();
  }

  /** The LM head; throws for a model built without one (a reward model). */
  get lmHead(): LmHead {
    if (!this.lm) throw new Error('this model has no language-model head (a reward model?)');
    return this.lm;
  }

  head(name: string): ScalarHead {
    const h = this.heads[name];
    if (!h) throw new Error(`this model has no "${name}" head`);
    return h;
  }

  /** Frees every buffer this model allocated (parameters only if it owns them, not when shared). */
  destroy(): void {
    this.ctx.destroyBuffers(this.owned);
  }

  /** Uploads the (B,T) input tokens (and, when training, the embedding-backward buckets). */
  setInputs(inputs: Uint32Array): void {
    const n = this.B * this.T;
    if (inputs.length !== n) throw new Error(`setInputs: expected ${n} tokens (B=${this.B}, T=${this.T}), got ${inputs.length}`);
    const V = this.cfg.vocabSize;
    for (let i = 0; i < n; i++) {
      if (inputs[i] >= V) throw new Error(`setInputs: token id ${inputs[i]} at position ${i} is outside the vocabulary (V=${V})`);
    }
    this.ctx.write(this.tokens, inputs);
    if (this.grads) {
      const b = buildTokenBuckets(inputs, V);
      this.ctx.write(this.buckets.order, b.order);
      this.ctx.write(this.buckets.starts, b.starts);
    }
  }

  /**
   * Uploads one LM batch. `weights` (B,T) say how much each target counts (default: all equally). Unless
   * `normalized`, they are scaled here to sum to 1, so the GPU's weighted sum is the mean loss over counted tokens
   * and dlogits its gradient; `normalized` weights are used as given (e.g. SFT's L2 + λ·L1 weights).
   */
  setBatch(inputs: Uint32Array, targets: Uint32Array, weights?: Float32Array, normalized = false): void {
    const lm = this.lmHead;
    const n = this.B * this.T;
    if (targets.length !== n) throw new Error(`setBatch: expected ${n} targets (B=${this.B}, T=${this.T}), got ${targets.length}`);
    if (weights && weights.length !== n) throw new Error(`setBatch: expected ${n} weights, got ${weights.length}`);
    const V = this.cfg.vocabSize;
    for (let i = 0; i < n; i++) {
      if (targets[i] >= V) throw new Error(`setBatch: target id ${targets[i]} at position ${i} is outside the vocabulary (V=${V})`);
    }
    const w = new Float32Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weights ? weights[i] : 1;
    if (!(sum > 0)) throw new Error('setBatch: every token is masked (all weights are 0)');
    const scale = normalized ? 1 : 1 / sum;
    for (let i = 0; i < n; i++) w[i] = (weights ? weights[i] : 1) * scale;
    this.setInputs(inputs);
    this.ctx.write(lm.targets, targets);
    this.ctx.write(lm.weights, w);
  }

  /** Uploads host parameters (flat, laid out by `this.layout`). */
  loadParams(flat: Float32Array): void {
    if (flat.length !== this.layout.total) throw new Error(`loadParams: ${flat.length} values, layout needs ${this.layout.total}`);
    this.ctx.write(this.params.all, flat);
  }

  async readParams(): Promise<Float32Array> {
    return this.ctx.read(this.params.all);
  }

  /** Records, into `encoder`, the clears that must precede `backward` (gradients accumulate). */
  zeroGrads(encoder: GPUCommandEncoder): void {
    if (!this.grads || !this.scratch) throw new Error('zeroGrads: model was built without gradients');
    encoder.clearBuffer(this.grads.all.buffer);
    for (const t of [this.scratch.dresidual, this.scratch.dlnf]) encoder.clearBuffer(t.buffer, t.offset, t.length * 4);
  }
}
