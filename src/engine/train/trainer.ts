// The pretraining loop (stage 1: maximize Σ log P(u_i | u_{i-k..i-1})). One step = one command encoder:
// clear gradients, forward, backward, global-norm clip, AdamW, copy metrics to a staging buffer; submit.
// Loss and gradient norm come back asynchronously through MetricsRing; a NaN/Inf loss stops training with
// the step named. Used by the CLI and the browser worker alike. Tested by trainer.test.ts.

import type { ModelConfig, TrainConfig } from '../config';
import { validateTrainConfig } from '../config';
import type { GpuContext } from '../../kernels/runtime/context';
import { BatchSampler } from '../data/batches';
import type { Corpus } from '../data/corpus';
import type { CharTokenizer } from '../data/tokenizer';
import { GPT, METRIC } from '../model/gpt';
import { initParams } from '../model/params';
import { Rng } from '../rng';
import { generate, type GenerateOptions } from '../sampling/generate';
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
}

export interface TrainerOptions {
  model: Omit<ModelConfig, 'vocabSize'>;
  train: TrainConfig;
  corpus: Corpus;
  /**
   * Steps that may be submitted before the oldest one's metrics are back (default 4). More keeps a fast GPU
   * fed; fewer makes pause stop sooner on a slow adapter (the lab uses 2).
   */
  maxInFlight?: number;
  /** Initial parameters laid out by paramLayout (e.g. from a checkpoint); else GPT-2 init from the seed. */
  initialParams?: Float32Array;
}

/** Thrown by `step()` once a non-finite loss has been seen. */
export class TrainingDivergedError extends Error {
  constructor(readonly step: number, readonly value: number) {
    super(`training stopped: the loss became ${value} at step ${step}; lower the learning rate or enable gradient clipping (the last good checkpoint is kept)`);
  }
}

export class Trainer {
  readonly model: GPT;
  readonly cfg: ModelConfig;
  readonly train: TrainConfig;
  readonly tokenizer: CharTokenizer;
  readonly optimizer: AdamWOptimizer;
  /** Optimizer steps submitted so far. */
  stepsTaken = 0;
  onStep: ((m: StepMetrics) => void) | undefined;
  private readonly ctx: GpuContext;
  private readonly corpus: Corpus;
  private readonly batches: BatchSampler;
  private readonly ring: MetricsRing;
  private sampler: GPT | undefined;
  private diverged: TrainingDivergedError | undefined;
  private lastArrival = 0;
  private lastFiniteStep = 0;

  constructor(ctx: GpuContext, opts: TrainerOptions) {
    validateTrainConfig(opts.train);
    this.ctx = ctx;
    this.train = opts.train;
    this.corpus = opts.corpus;
    this.tokenizer = opts.corpus.tokenizer;
    this.cfg = { ...opts.model, vocabSize: opts.corpus.tokenizer.size };
    const T = this.cfg.blockSize;
    this.model = new GPT(ctx, this.cfg, opts.train.batchSize, T, { training: true });
    this.model.loadParams(opts.initialParams ?? initParams(this.model.layout, this.cfg, seededNormal(opts.train.seed)));
    this.optimizer = new AdamWOptimizer(ctx, this.model, opts.train);
    this.batches = new BatchSampler(opts.corpus.train, opts.train.batchSize, T, opts.train.seed);
    this.ring = new MetricsRing(ctx, this.model.metrics, opts.maxInFlight ?? 4);
  }

  /** The last step whose loss was seen to be finite (for "keep the last good checkpoint"). */
  get lastGoodStep(): number {
    return this.lastFiniteStep;
  }

  /**
   * Continues a run saved after `step` steps: loads the parameters and the AdamW moments (flat layout) and
   * skips the `step` batches already seen, so the learning-rate schedule, AdamW bias corrections and batch
   * sequence continue exactly where an uninterrupted run would be. Only on a trainer that has not stepped yet.
   */
  restore(step: number, params: Float32Array, m: Float32Array, v: Float32Array): void {
    if (this.stepsTaken !== 0) throw new Error(`restore: this trainer has already taken ${this.stepsTaken} steps`);
    if (!Number.isInteger(step) || step < 0) throw new Error(`restore: step must be a non-negative integer (got ${step})`);
    const n = this.model.layout.total;
    if (m.length !== n || v.length !== n) throw new Error(`restore: AdamW moments have ${m.length} and ${v.length} values, the model needs ${n}`);
    this.model.loadParams(params);
    this.ctx.write(this.optimizer.m, m);
    this.ctx.write(this.optimizer.v, v);
    this.batches.fastForward(step);
    this.stepsTaken = step;
    this.lastFiniteStep = step;
  }

  /** Throws the TrainingDivergedError if a non-finite loss has been delivered (call after `flush`). */
  throwIfDiverged(): void {
    if (this.diverged) throw this.diverged;
  }

  /** Encodes and submits one training step. Throws TrainingDivergedError after a non-finite loss was seen. */
  async step(): Promise<void> {
    if (this.diverged) throw this.diverged;
    const staging = await this.ring.acquire();
    if (this.diverged) throw this.diverged;
    const { model, optimizer, ctx } = this;
    const t = ++this.stepsTaken;
    const lr = learningRate(t - 1, this.train);
    const batch = this.batches.next();
    model.setBatch(batch.inputs, batch.targets);
    optimizer.setStep(t, lr);
    const encoder = ctx.device.createCommandEncoder({ label: `step ${t}` });
    model.zeroGrads(encoder);
    ctx.encode(encoder, [...model.forward, ...model.backward, ...optimizer.plan], 'train step');
    this.ring.capture(encoder, staging);
    ctx.device.queue.submit([encoder.finish()]);
    const submitted = performance.now();
    this.ring.deliver(staging, (v) => this.onMetrics(t, lr, v, submitted));
  }

  /** Waits until the metrics of every step submitted so far were delivered. */
  async flush(): Promise<void> {
    await this.ring.drain();
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
    const loss = v[METRIC.loss];
    if (!Number.isFinite(loss) || !Number.isFinite(v[METRIC.gradNorm])) {
      this.diverged ??= new TrainingDivergedError(step, Number.isFinite(loss) ? v[METRIC.gradNorm] : loss);
    } else if (!this.diverged) {
      this.lastFiniteStep = step;
    }
    const tokens = this.train.batchSize * this.cfg.blockSize;
    this.onStep?.({ step, loss, gradNorm: v[METRIC.gradNorm], lr, stepMs, tokensPerSec: stepMs > 0 ? (tokens * 1000) / stepMs : 0 });
  }

  /** Mean validation loss over `evalBatches` seeded random batches of the validation split. */
  async evaluate(batches = this.train.evalBatches): Promise<number> {
    const sampler = new BatchSampler(this.corpus.val, this.train.batchSize, this.cfg.blockSize, this.train.seed + 1);
    let total = 0;
    for (let i = 0; i < batches; i++) {
      const b = sampler.next();
      total += await this.forwardLoss(b.inputs, b.targets);
    }
    return total / batches;
  }

  /** Runs the forward pass on one (B,T) batch and reads back its mean loss (outside any training step). */
  async forwardLoss(inputs: Uint32Array, targets: Uint32Array, weights?: Float32Array): Promise<number> {
    await this.ring.drain();
    this.model.setBatch(inputs, targets, weights);
    this.ctx.run(this.model.forward, 'eval');
    const bytes = await this.ctx.readBytes(this.model.metrics.buffer, this.model.metrics.offset + METRIC.loss * 4, 4);
    return new Float32Array(bytes)[0];
  }

  async sample(prompt: string, opts: GenerateOptions): Promise<string> {
    await this.ring.drain();
    this.sampler ??= new GPT(this.ctx, this.cfg, 1, this.cfg.blockSize, { training: false, shareParams: this.model });
    return generate(this.sampler, this.tokenizer, prompt, opts);
  }

  /** Frees every GPU buffer of this run: model, optimizer, metrics ring and the sampling model. */
  destroy(): void {
    this.ring.destroy();
    this.sampler?.destroy();
    this.optimizer.destroy();
    this.model.destroy();
  }
}

export function seededNormal(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.normal();
}
