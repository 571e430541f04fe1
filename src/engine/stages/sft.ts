// Stage 2, supervised fine-tuning: a language model (from a pretrained checkpoint) trained on prompt/completion
// pairs with GPT-1's L3 = L2 + λ·L1 — L2 the loss on completion tokens (prompt masked, the completion ends with
// end of text), L1 the LM loss over the whole example. Same optimizer loop as pretraining; the held-out figure is
// L2 alone. Tested by stages-vs-pytorch.test.ts (PyTorch fixtures) and pipeline.test.ts (the loss falls on the bundled data).

import type { ModelConfig, TrainConfig } from '../config';
import type { GpuContext } from '../../kernels/runtime/context';
import { encodeCheckpoint, withSpecialTokens, type Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import type { SftRecord } from '../data/jsonl';
import { EOT, type CharTokenizer } from '../data/tokenizer';
import { checkMemoryBudget } from '../model/activations';
import { GPT, METRIC } from '../model/gpt';
import { generateBatch, type Completion, type GenerateOptions } from '../sampling/generate';
import { OptimizerLoop } from '../train/optimizer-loop';
import { LoopTrainer } from '../train/loop-trainer';
import { ExampleOrder, splitHeldOut } from './example-order';
import { encodeSftRecords, sftBatch, type SftExample } from './sft-batch';

export interface SftOptions {
  /** The language model to fine-tune (end of text is added to its vocabulary if it lacks one). */
  init: Gpt2Checkpoint;
  records: readonly SftRecord[];
  /** Names the data in error messages (file or dataset id). */
  source: string;
  train: TrainConfig;
  /** λ in L3 = L2 + λ·L1 (GPT-1 used 0.5; 0 trains on completions only). */
  lambda: number;
  maxInFlight?: number;
  /** Share of the records held out for the validation loss (the last ones). */
  valFraction?: number;
}

export class SftTrainer extends LoopTrainer {
  readonly stage = 'sft';
  readonly model: GPT;
  readonly cfg: ModelConfig;
  readonly tokenizer: CharTokenizer;
  readonly train: TrainConfig;
  readonly loop: OptimizerLoop;
  readonly lambda: number;
  readonly trainExamples: SftExample[];
  readonly valExamples: SftExample[];
  private readonly ctx: GpuContext;
  private readonly order: ExampleOrder;
  private sampler: GPT | undefined;

  constructor(ctx: GpuContext, opts: SftOptions) {
    super();
    if (!(opts.lambda >= 0) || !Number.isFinite(opts.lambda)) throw new Error(`sft: lambda must be a number >= 0 (got ${opts.lambda})`);
    const init = withSpecialTokens(opts.init, [EOT]);
    this.ctx = ctx;
    this.cfg = init.config;
    this.tokenizer = init.tokenizer;
    this.train = opts.train;
    this.lambda = opts.lambda;
    const T = this.cfg.blockSize;
    const { train, val } = splitHeldOut(encodeSftRecords(this.tokenizer, opts.records, T, opts.source), opts.valFraction ?? 0.1, opts.source);
    this.trainExamples = train;
    this.valExamples = val;
    this.order = new ExampleOrder(train.length, opts.train.seed);
    const plan = GPT.plan(ctx.limits, this.cfg, opts.train.batchSize, T, { training: true });
    checkMemoryBudget([{ name: 'SFT model', bytes: plan.memory.totalBytes }]);
    this.model = new GPT(ctx, this.cfg, opts.train.batchSize, T, { training: true });
    try {
      this.model.loadParams(init.flat);
      this.loop = new OptimizerLoop(ctx, this.model, opts.train, { maxInFlight: opts.maxInFlight, tokensPerStep: opts.train.batchSize * T });
    } catch (e) {
      this.model.destroy();
      throw e;
    }
  }

  async step(): Promise<void> {
    await this.loop.step(() => {
      const rows = Array.from({ length: this.train.batchSize }, () => this.trainExamples[this.order.next()]);
      const b = sftBatch(rows, this.train.batchSize, this.cfg.blockSize, this.lambda);
      this.model.setBatch(b.inputs, b.targets, b.weights, true);
    });
  }

  restore(step: number, params: Float32Array, m: Float32Array, v: Float32Array): void {
    this.loop.restore(step, params, m, v);
    this.order.fastForward(step * this.train.batchSize);
  }

  /** Held-out L2: the mean loss over every completion token of the held-out examples (prompts masked, λ ignored). */
  async evaluate(): Promise<number> {
    await this.loop.flush();
    const { batchSize: B } = this.train;
    const T = this.cfg.blockSize;
    let completionTotal = 0;
    for (const ex of this.valExamples) completionTotal += ex.ids.length - ex.promptLen;
    let total = 0;
    for (let i = 0; i < this.valExamples.length; i += B) {
      const b = sftBatch(this.valExamples.slice(i, i + B), B, T, 0, completionTotal);
      this.model.setBatch(b.inputs, b.targets, b.weights, true);
      this.ctx.run(this.model.forward, 'sft eval');
      total += new Float32Array(await this.ctx.readBytes(this.model.metrics.buffer, this.model.metrics.offset + METRIC.loss * 4, 4))[0];
    }
    return total;
  }

  /** Completions for `prompts` (sampled together), each until end of text or what the context leaves. */
  async complete(prompts: readonly string[], opts: Omit<GenerateOptions, 'tokens'> & { tokens?: number }): Promise<Completion[]> {
    await this.loop.flush();
    if (!this.sampler || this.sampler.B !== prompts.length) {
      this.sampler?.destroy();
      this.sampler = new GPT(this.ctx, this.cfg, prompts.length, this.cfg.blockSize, { training: false, shareParams: this.model });
    }
    const longest = Math.max(...prompts.map((p) => Array.from(p).length));
    const room = Math.max(0, this.cfg.blockSize - longest);
    return generateBatch(this.sampler, this.tokenizer, prompts, { ...opts, tokens: Math.min(opts.tokens ?? room, room) });
  }

  /** One example's tokens and which count in L2 (for the lab's masked-token view). */
  example(index = 0): { tokens: string[]; counted: Uint8Array } {
    const ex = this.trainExamples[index % this.trainExamples.length];
    const tokens = Array.from(ex.ids, (id) => this.tokenizer.vocab[id]);
    const counted = Uint8Array.from(tokens, (_, i) => (i >= ex.promptLen ? 1 : 0));
    return { tokens, counted };
  }

  encode(flat: Float32Array): Uint8Array {
    return encodeCheckpoint(this.cfg, this.tokenizer, flat);
  }

  destroy(): void {
    this.loop.destroy();
    this.sampler?.destroy();
    this.model.destroy();
  }
}
