// The pretraining loop (stage 1: maximize Σ log P(u_i | u_{i-k..i-1})): random windows of the corpus through the
// shared OptimizerLoop (one command encoder per step, metrics read back asynchronously, a NaN/Inf loss stops
// training with the step named). Used by the CLI and the browser worker alike. `precision` picks the matmul path
// of the context (kernels/matmul/precision.ts; f16 inputs turn on loss scaling). Tested by trainer.test.ts and
// loss-scaler.test.ts.

import type { ModelConfig, TrainConfig } from '../config';
import type { GpuContext } from '../../kernels/runtime/context';
import { encodeCheckpoint } from '../checkpoint/gpt2-checkpoint';
import { BatchSampler } from '../data/batches';
import type { Corpus } from '../data/corpus';
import type { CharTokenizer } from '../data/tokenizer';
import { checkMemoryBudget } from '../model/activations';
import { GPT, METRIC } from '../model/gpt';
import { initParams } from '../model/params';
import { Rng } from '../rng';
import { generate, type GenerateOptions } from '../sampling/generate';
import { matmulPath, setPrecision, type MatmulPath, type PrecisionSetting } from '../../kernels/matmul/precision';
import type { AdamWOptimizer } from './optimizer';
import { LoopTrainer } from './loop-trainer';
import { OptimizerLoop, type LoopOptions } from './optimizer-loop';

export { TrainingDivergedError, type StepMetrics } from './optimizer-loop';

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
  /**
   * Matmul precision of the context from now on: 'auto' (the fastest path the device offers) or 'f32'.
   * Unset: the context's own setting ('auto' unless something set it).
   */
  precision?: PrecisionSetting;
  /** Forces loss scaling on (with options) or off; default: on when the matmuls take f16 inputs. */
  lossScaling?: LoopOptions['lossScaling'];
}

export class Trainer extends LoopTrainer {
  readonly stage = 'pretrain';
  readonly model: GPT;
  readonly cfg: ModelConfig;
  readonly train: TrainConfig;
  readonly tokenizer: CharTokenizer;
  readonly loop: OptimizerLoop;
  /** The matmul path this run's model was built with ('f32', 'f16' or 'subgroup-matrix'). */
  readonly precision: MatmulPath;
  private readonly ctx: GpuContext;
  private readonly corpus: Corpus;
  private readonly batches: BatchSampler;
  private sampler: GPT | undefined;

  constructor(ctx: GpuContext, opts: TrainerOptions) {
    super();
    this.ctx = ctx;
    this.train = opts.train;
    this.corpus = opts.corpus;
    this.tokenizer = opts.corpus.tokenizer;
    this.cfg = { ...opts.model, vocabSize: opts.corpus.tokenizer.size };
    this.precision = opts.precision ? setPrecision(ctx, opts.precision) : matmulPath(ctx);
    const T = this.cfg.blockSize;
    // Everything the run holds (trainer, B=1 sampler and probe models), checked before any allocation.
    const plan = (B: number, training: boolean) => GPT.plan(ctx.limits, this.cfg, B, T, { training }).memory;
    const oneRow = plan(1, false);
    checkMemoryBudget([
      { name: 'model (training)', bytes: plan(opts.train.batchSize, true).totalBytes },
      { name: 'sampler and probes', bytes: 2 * (oneRow.totalBytes - oneRow.paramBytes) },
    ]);
    this.model = new GPT(ctx, this.cfg, opts.train.batchSize, T, { training: true });
    this.model.loadParams(opts.initialParams ?? initParams(this.model.layout, this.cfg, seededNormal(opts.train.seed)));
    this.batches = new BatchSampler(opts.corpus.train, opts.train.batchSize, T, opts.train.seed);
    try {
      this.loop = new OptimizerLoop(ctx, this.model, opts.train, { maxInFlight: opts.maxInFlight, tokensPerStep: opts.train.batchSize * T, lossScaling: opts.lossScaling });
    } catch (e) {
      this.model.destroy();
      throw e;
    }
  }

  get optimizer(): AdamWOptimizer {
    return this.loop.optimizer;
  }

  /**
   * Continues a run saved after `step` steps: loads the parameters and the AdamW moments (flat layout) and
   * skips the `step` batches already seen, so the learning-rate schedule, AdamW bias corrections and batch
   * sequence continue exactly where an uninterrupted run would be. Only on a trainer that has not stepped yet.
   */
  restore(step: number, params: Float32Array, m: Float32Array, v: Float32Array): void {
    this.loop.restore(step, params, m, v);
    this.batches.fastForward(step);
  }

  /** Encodes and submits one training step. Throws TrainingDivergedError after a non-finite loss was seen. */
  async step(): Promise<void> {
    await this.loop.step(() => {
      const batch = this.batches.next();
      this.model.setBatch(batch.inputs, batch.targets);
    });
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
    await this.loop.flush();
    this.model.setBatch(inputs, targets, weights);
    this.ctx.run(this.model.forward, 'eval');
    const bytes = await this.ctx.readBytes(this.model.metrics.buffer, this.model.metrics.offset + METRIC.loss * 4, 4);
    return new Float32Array(bytes)[0];
  }

  async sample(prompt: string, opts: GenerateOptions): Promise<string> {
    await this.loop.flush();
    this.sampler ??= new GPT(this.ctx, this.cfg, 1, this.cfg.blockSize, { training: false, shareParams: this.model });
    return generate(this.sampler, this.tokenizer, prompt, opts);
  }

  /** `.safetensors` bytes of parameters `flat` (GPT2LMHeadModel names, config and tokenizer). */
  encode(flat: Float32Array): Uint8Array {
    return encodeCheckpoint(this.cfg, this.tokenizer, flat);
  }

  /** Frees every GPU buffer of this run: model, optimizer, metrics ring and the sampling model. */
  destroy(): void {
    this.loop.destroy();
    this.sampler?.destroy();
    this.model.destroy();
  }
}

export function seededNormal(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.normal();
}
