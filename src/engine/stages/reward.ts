// Stage 3, the reward model: the SFT model's trunk with a scalar head (`score`, GPT2ForSequenceClassification) on
// each response's end-of-text token, trained on K ranked responses per prompt with InstructGPT's loss
// −1/C(K,2) · Σ_{pairs} log σ(r(x, y_w) − r(x, y_l)) (mean over prompts), computed on the GPU by the ranking
// kernel. Held-out figures: pairwise accuracy, mean margin r_w − r_l, every pair's gap, reward mean and std.
// Tested by stages-vs-pytorch.test.ts (PyTorch fixtures) and pipeline.test.ts (accuracy on a bundled labeler).

import type { ModelConfig, TrainConfig } from '../config';
import type { GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';
import { packGroups, rankingLoss } from '../../kernels/ranking/ranking';
import { rankingLossRef } from '../../kernels/ranking/ranking.ref';
import { encodeCheckpoint, REWARD_HEAD, withSpecialTokens, type Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import type { RankedRecord } from '../data/jsonl';
import { EOT, type CharTokenizer } from '../data/tokenizer';
import { checkMemoryBudget } from '../model/activations';
import { GPT, METRIC } from '../model/gpt';
import { Rng } from '../rng';
import { OptimizerLoop } from '../train/optimizer-loop';
import { LoopTrainer } from '../train/loop-trainer';
import { ExampleOrder, splitHeldOut } from './example-order';
import { encodeRankedRecords, packRewardBatch, takeGroups, type RankedGroup } from './reward-batch';
import { RewardScorer } from './reward-scorer';

export interface RewardOptions {
  /** The SFT language model (a new `score` head is added), or a reward model to continue training. */
  init: Gpt2Checkpoint;
  records: readonly RankedRecord[];
  source: string;
  /** batchSize = sequences per step (whole groups of K are packed; it must be >= the largest K). */
  train: TrainConfig;
  maxInFlight?: number;
  valFraction?: number;
}

export interface RewardEval {
  loss: number;
  accuracy: number;
  margin: number;
  /** r_w − r_l of every held-out pair. */
  gaps: Float32Array;
  meanReward: number;
  stdReward: number;
  /** The first held-out prompt's responses with their rewards (in the data's order, best first). */
  table: { prompt: string; responses: string[]; rewards: number[] };
}

/** std of the score head's initial weights: HF's initializer_range. */
const HEAD_INIT_STD = 0.02;

export class RewardTrainer extends LoopTrainer {
  readonly stage = 'reward';
  readonly model: GPT;
  readonly cfg: ModelConfig;
  readonly tokenizer: CharTokenizer;
  readonly train: TrainConfig;
  readonly loop: OptimizerLoop;
  readonly trainGroups: RankedGroup[];
  readonly valGroups: RankedGroup[];
  private readonly ctx: GpuContext;
  private readonly order: ExampleOrder;
  private readonly pending: RankedGroup[] = [];
  private readonly offsets: Tensor;
  private readonly groupCount: Tensor;
  private readonly scorer: RewardScorer;

  constructor(ctx: GpuContext, opts: RewardOptions) {
    super();
    const init = withSpecialTokens(opts.init, [EOT]);
    this.ctx = ctx;
    this.cfg = init.config;
    this.tokenizer = init.tokenizer;
    this.train = opts.train;
    const B = opts.train.batchSize;
    const T = this.cfg.blockSize;
    const { train, val } = splitHeldOut(encodeRankedRecords(this.tokenizer, opts.records, T, B, opts.source), opts.valFraction ?? 0.1, opts.source);
    this.trainGroups = train;
    this.valGroups = val;
    this.order = new ExampleOrder(train.length, opts.train.seed);
    const heads = [{ ...REWARD_HEAD, rows: B }];
    const trainerPlan = GPT.plan(ctx.limits, this.cfg, B, T, { training: true, lmHead: false, scalarHeads: heads });
    const scorerPlan = GPT.plan(ctx.limits, this.cfg, B, T, { training: false, lmHead: false, scalarHeads: heads });
    checkMemoryBudget([
      { name: 'reward model (training)', bytes: trainerPlan.memory.totalBytes },
      { name: 'reward model (scoring)', bytes: scorerPlan.memory.totalBytes - scorerPlan.memory.paramBytes },
    ]);
    this.model = new GPT(ctx, this.cfg, B, T, { training: true, lmHead: false, scalarHeads: heads });
    const maxGroups = Math.floor(B / 2);
    try {
      this.model.loadParams(this.initialParams(init, opts.train.seed));
      this.offsets = ctx.tensor('reward.offsets', [maxGroups + 1], 'u32');
      this.groupCount = ctx.tensor('reward.groups', [1], 'u32');
      const head = this.model.head(REWARD_HEAD.name);
      const lossPlan = rankingLoss(ctx, this.model.metrics, METRIC.rankLoss, head.dvalues, head.values, this.offsets, this.groupCount, B, maxGroups);
      this.loop = new OptimizerLoop(ctx, this.model, opts.train, { maxInFlight: opts.maxInFlight, tokensPerStep: B * T, lossPlan, ranking: true });
      this.scorer = new RewardScorer(ctx, this.cfg, this.tokenizer, B, { shareParams: this.model });
    } catch (e) {
      this.model.destroy();
      throw e;
    }
  }

  /** The checkpoint's trunk (and its score head, when it is already a reward model) in this model's layout. */
  private initialParams(init: Gpt2Checkpoint, seed: number): Float32Array {
    const layout = this.model.layout;
    const flat = new Float32Array(layout.total);
    const rng = new Rng(seed ^ 0x5eed);
    for (const s of layout.specs) {
      const from = init.layout.specs.find((o) => o.name === s.name);
      if (from) flat.set(init.flat.subarray(from.offset, from.offset + from.length), s.offset);
      else for (let i = 0; i < s.length; i++) flat[s.offset + i] = rng.normal() * HEAD_INIT_STD;
    }
    return flat;
  }

  private nextGroups(): RankedGroup[] {
    return takeGroups(() => this.trainGroups[this.order.next()], this.pending, this.train.batchSize);
  }

  /** Uploads a packed batch of groups: inputs, the rows the head reads, and the group offsets. */
  private upload(groups: readonly RankedGroup[]): number[] {
    const B = this.train.batchSize;
    const b = packRewardBatch(groups, B, this.cfg.blockSize);
    this.model.setInputs(b.inputs);
    this.model.head(REWARD_HEAD.name).setRows(b.rows);
    this.ctx.write(this.offsets, packGroups(b.sizes, B, this.offsets.length - 1));
    this.ctx.write(this.groupCount, Uint32Array.of(b.sizes.length));
    return b.sizes;
  }

  async step(): Promise<void> {
    await this.loop.step(() => this.upload(this.nextGroups()));
  }

  restore(step: number, params: Float32Array, m: Float32Array, v: Float32Array): void {
    this.loop.restore(step, params, m, v);
    for (let i = 0; i < step; i++) this.nextGroups();
  }

  /** Rewards of every response of `groups` with the current parameters (between training steps). */
  async scoreGroups(groups: readonly RankedGroup[]): Promise<number[][]> {
    await this.loop.flush();
    return this.scorer.scoreGroups(groups);
  }

  /** Rewards of `responses` to `prompt` (each must fit the context with its end-of-text token). */
  async score(prompt: string, responses: readonly string[]): Promise<number[]> {
    const [g] = encodeRankedRecords(this.tokenizer, [{ prompt, ranked: [...responses, ...(responses.length < 2 ? [''] : [])] }], this.cfg.blockSize, this.train.batchSize, 'score');
    return (await this.scoreGroups([g]))[0].slice(0, responses.length);
  }

  /** Held-out accuracy, margin, loss (as the training loss), every pair's gap, and the reward's mean and std. */
  async evaluate(): Promise<RewardEval> {
    const scores = await this.scoreGroups(this.valGroups);
    const stats = rankingLossRef(new Float64Array(scores.flat().length), scores.flat(), scores.map((s) => s.length));
    const gaps: number[] = [];
    for (const s of scores) for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++) gaps.push(s[i] - s[j]);
    const { mean, std } = meanStd(scores.flat());
    const first = this.valGroups[0];
    return { ...stats, gaps: Float32Array.from(gaps), meanReward: mean, stdReward: std, table: { prompt: first.prompt, responses: [...first.responses], rewards: scores[0] } };
  }

  /** Mean and std of the reward over (up to 1024) training responses — SFT samples — for normalisation. */
  async rewardStats(): Promise<{ mean: number; std: number }> {
    const groups: RankedGroup[] = [];
    let n = 0;
    for (const g of this.trainGroups) {
      if (n >= 1024) break;
      groups.push(g);
      n += g.seqs.length;
    }
    return meanStd((await this.scoreGroups(groups)).flat());
  }

  encode(flat: Float32Array, rewardStats?: { mean: number; std: number }): Uint8Array {
    return encodeCheckpoint(this.cfg, this.tokenizer, flat, { architecture: 'GPT2ForSequenceClassification', rewardStats }, this.model.layout);
  }

  destroy(): void {
    this.loop.destroy();
    this.scorer.destroy();
    this.model.destroy();
  }
}

export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length);
  return { mean, std: Math.sqrt(variance) };
}
