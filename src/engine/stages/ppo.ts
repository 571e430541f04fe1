// Stage 4, PPO-ptx (InstructGPT): maximise E[r(x, y) − β·log(π(y|x)/π_SFT(y|x))] + γ·E_pretrain[log π(x)].
// Each iteration: a rollout of B prompts (sampled on the GPU), per-token rewards −β·KL plus the reward model's score
// on the last token, GAE advantages (whitened) and returns, then `epochs` PPO updates on that rollout, each with a
// pretraining batch when γ > 0. β is fixed or adapted toward a target KL (Ziegler et al. 2019). Metrics use TRL's
// names. Holds the policy (trained, with its value head), the ptx instance (shares the policy's parameters and
// gradients), the frozen reference π_SFT and the frozen reward model; all are counted before allocating.
// Tested by ppo-vs-pytorch.test.ts (the update against PyTorch) and ppo.test.ts (learning on a bundled labeler).

import type { ModelConfig, TrainConfig } from '../config';
import type { GpuContext } from '../../kernels/runtime/context';
import { encodeCheckpoint, expectLanguageModel, expectRewardModel, REWARD_HEAD, withSpecialTokens, type Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import { EOT, type CharTokenizer } from '../data/tokenizer';
import type { Labeler } from '../labelers/labelers';
import { checkMemoryBudget } from '../model/activations';
import { GPT } from '../model/gpt';
import { paramLayout } from '../model/params';
import { Rng } from '../rng';
import { ExampleOrder } from './example-order';
import { sequenceAdvantages, whiten } from './ppo-advantages';
import { rollout, RolloutBuffers, type Rollout } from './ppo-rollout';
import { PpoUpdate, updateMetrics, VALUE_HEAD, type UpdateMetrics } from './ppo-update';
import { RewardScorer } from './reward-scorer';
import { LabError } from '../errors';
import { checkVocabulary } from './stage-data';
import type { PpoSettings } from './defaults';

export { DEFAULT_PPO, type PpoSettings } from './defaults';

export interface PpoOptions {
  /** The SFT language model: the policy's start and the frozen reference π_SFT. */
  policy: Gpt2Checkpoint;
  /** The reward model (GPT2ForSequenceClassification) from stage 3. */
  reward: Gpt2Checkpoint;
  prompts: readonly string[];
  source: string;
  /** Pretraining text for the ptx term (needed when ptxCoef > 0), in the policy's vocabulary. */
  ptxText?: string;
  /** batchSize = prompts per rollout; steps = rollouts; lr constant (minLrRatio is ignored). */
  train: TrainConfig;
  settings: PpoSettings;
  /** When the prompts come with a programmatic labeler: its score of the responses (the "true" reward). */
  labeler?: Labeler;
  maxInFlight?: number;
}

/** One iteration's metrics (TRL's names where one exists). */
export interface PpoMetrics {
  rollout: number;
  'objective/scores': number;
  'objective/kl': number;
  'objective/kl_per_token': number;
  'objective/non_score_reward': number;
  'objective/rlhf_reward': number;
  'objective/kl_coef': number;
  'objective/labeler_score': number;
  'objective/entropy': number;
  'policy/approxkl_avg': number;
  'policy/clipfrac_avg': number;
  'loss/policy_avg': number;
  'loss/value_avg': number;
  'val/clipfrac_avg': number;
  'loss/ptx_avg': number;
  'tokens/responses_len_mean': number;
  /** Response tokens generated per second of generation. */
  'time/rollout_tokens_per_sec': number;
  'time/generate_ms': number;
  'time/score_ms': number;
  'time/update_ms': number;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** One answer in the SFT-against-policy comparison. */
export interface CompareAnswer {
  text: string;
  /** Ended with end of text (false: cut off at the length cap). */
  finished: boolean;
  score: number;
  labelerScore: number | null;
}

export interface CompareRow {
  prompt: string;
  sft: CompareAnswer;
  policy: CompareAnswer;
}

export class PpoTrainer {
  readonly stage = 'ppo';
  readonly cfg: ModelConfig;
  readonly tokenizer: CharTokenizer;
  readonly update: PpoUpdate;
  readonly settings: PpoSettings;
  beta: number;
  rolloutsDone = 0;
  /** The last rollout (for the lab's per-token KL view and samples). */
  last: Rollout | undefined;
  private readonly ctx: GpuContext;
  private readonly reference: GPT;
  private readonly scorer: RewardScorer;
  private readonly buffers: RolloutBuffers;
  private readonly order: ExampleOrder;
  private readonly prompts: readonly string[];
  private readonly ptxTokens: Uint32Array | null;
  private ptxRng: Rng;
  private readonly normalize?: { mean: number; std: number };
  readonly labeler?: Labeler;
  private readonly train: TrainConfig;
  private stepValues: Float32Array[] = [];

  constructor(ctx: GpuContext, opts: PpoOptions) {
    expectLanguageModel(opts.policy, 'the policy checkpoint');
    expectRewardModel(opts.reward, 'the reward-model checkpoint');
    const sft = withSpecialTokens(opts.policy, [EOT]);
    const same = JSON.stringify(sft.tokenizer.toJSON()) === JSON.stringify(opts.reward.tokenizer.toJSON());
    if (!same) throw new Error('ppo: the policy and the reward model have different vocabularies (train the reward model from this SFT model)');
    const s = { ...opts.settings };
    for (const [k, v] of Object.entries(s)) if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`ppo: ${k} must be a finite number`);
    if (s.beta < 0 || s.ptxCoef < 0 || !(s.clip > 0) || !(s.clipValue > 0) || !Number.isInteger(s.epochs) || s.epochs < 1 || !Number.isInteger(s.responseLen) || s.responseLen < 1) {
      throw new Error('ppo: need β >= 0, γ >= 0, clip ranges > 0, epochs >= 1 and a response length >= 1');
    }
    if (s.targetKl !== null && !(s.targetKl > 0)) throw new Error(`ppo: the target KL must be > 0 (got ${s.targetKl})`);
    if (opts.prompts.length === 0) throw new Error(`${opts.source}: no prompts`);
    this.ctx = ctx;
    this.cfg = sft.config;
    this.tokenizer = sft.tokenizer;
    this.settings = s;
    this.beta = s.beta;
    this.labeler = opts.labeler;
    this.prompts = opts.prompts;
    checkVocabulary(this.tokenizer, opts.prompts, opts.source);
    const T = this.cfg.blockSize;
    const longest = opts.prompts.reduce((m, p) => Math.max(m, Array.from(p).length), 0);
    if (longest > T - 2) {
      const message = `${opts.source}: a prompt of ${longest} characters is longer than the context of ${T} allows (at most ${T - 2}, to leave room for a response)`;
      throw new LabError('prompt-too-long', { file: opts.source, chars: longest, context: T, most: T - 2 }, message);
    }
    const B = opts.train.batchSize;
    const ptxB = s.ptxCoef > 0 ? B : 0;
    if (s.ptxCoef > 0) {
      if (!opts.ptxText) throw new Error('ppo: the pretraining mix (γ > 0) needs pretraining text (or set γ = 0)');
      checkVocabulary(this.tokenizer, [opts.ptxText], 'the pretraining text');
      this.ptxTokens = this.tokenizer.encode(opts.ptxText);
      if (this.ptxTokens.length < T + 1) {
        const message = `the pretraining text has ${this.ptxTokens.length} tokens, fewer than one window of ${T + 1}`;
        throw new LabError('text-too-short', { chars: this.ptxTokens.length, blockSize: T, minChars: T + 1 }, message);
      }
    } else this.ptxTokens = null;
    this.ptxRng = ptxRngFor(opts.train.seed, 0);
    this.order = new ExampleOrder(opts.prompts.length, opts.train.seed);
    this.normalize = opts.reward.rewardStats;
    // Every model this stage holds, counted before anything is allocated.
    const heads = [{ ...VALUE_HEAD, rows: B * T }];
    const plan = (b: number, o: Parameters<typeof GPT.plan>[4]) => GPT.plan(ctx.limits, this.cfg, b, T, o).memory;
    const parts = [
      { name: 'policy + value head (training)', bytes: plan(B, { training: true, scalarHeads: heads }).totalBytes },
      { name: 'pretraining batch', bytes: ptxB ? plan(ptxB, { training: true }).activationBytes : 0 },
      { name: 'reference π_SFT', bytes: plan(B, { training: false }).totalBytes },
      { name: 'reward model', bytes: GPT.plan(ctx.limits, this.cfg, B, T, { training: false, lmHead: false, scalarHeads: [{ ...REWARD_HEAD, rows: B }] }).memory.totalBytes },
    ];
    checkMemoryBudget(parts);
    this.train = { ...opts.train, steps: opts.train.steps * s.epochs, minLrRatio: 1, warmupSteps: 0 };
    this.update = new PpoUpdate(ctx, this.cfg, B, T, ptxB, this.train, s, { maxInFlight: opts.maxInFlight, onValues: (_, v) => this.stepValues.push(v) });
    const scope = ctx.trackBuffers();
    try {
      this.update.policy.loadParams(this.policyParams(sft));
      this.reference = new GPT(ctx, this.cfg, B, T, { training: false });
      this.reference.loadParams(sft.flat);
      this.scorer = RewardScorer.fromCheckpoint(ctx, opts.reward, B);
      this.buffers = new RolloutBuffers(ctx, B);
    } catch (e) {
      ctx.destroyBuffers(scope.stop());
      this.update.destroy();
      throw e;
    }
    this.owned = scope.stop();
  }

  private readonly owned: GPUBuffer[];

  /** The SFT weights in the policy's layout, with a fresh value head (TRL initialises it small). */
  private policyParams(sft: Gpt2Checkpoint): Float32Array {
    const layout = this.update.policy.layout;
    const flat = new Float32Array(layout.total);
    const rng = new Rng(this.train.seed ^ 0x7a1);
    for (const sp of layout.specs) {
      const from = sft.layout.specs.find((o) => o.name === sp.name);
      if (from) flat.set(sft.flat.subarray(from.offset, from.offset + from.length), sp.offset);
      else if (sp.name.endsWith('.weight')) for (let i = 0; i < sp.length; i++) flat[sp.offset + i] = rng.normal() * 0.02;
    }
    return flat;
  }

  /**
   * Continues a run saved after `rollouts` iterations: the policy's parameters in its own layout (value head
   * included), its AdamW moments, and β (it moves when adaptive). Prompt order, sampling seeds and pretraining
   * batches are functions of the rollout number, so the run goes on as if it had never stopped.
   */
  restore(rollouts: number, params: Float32Array, m: Float32Array, v: Float32Array, beta: number): void {
    if (this.rolloutsDone !== 0) throw new Error(`restore: this PPO run has already done ${this.rolloutsDone} rollouts`);
    if (!Number.isInteger(rollouts) || rollouts < 0) throw new Error(`restore: rollouts must be a non-negative integer (got ${rollouts})`);
    if (!Number.isFinite(beta) || beta < 0) throw new Error(`restore: β must be a finite number >= 0 (got ${beta})`);
    const total = this.update.policy.layout.total;
    if (params.length !== total) throw new Error(`restore: the saved policy has ${params.length} values; this PPO run's policy with its value head has ${total}`);
    this.update.loop.restore(rollouts * this.settings.epochs, params, m, v);
    this.order.fastForward(rollouts * this.update.policy.B);
    this.rolloutsDone = rollouts;
    this.beta = beta;
  }

  get stepsTaken(): number {
    return this.update.loop.stepsTaken;
  }

  private ptxBatch(): { inputs: Uint32Array; targets: Uint32Array } {
    const T = this.cfg.blockSize;
    const B = this.update.ptx!.B;
    const src = this.ptxTokens!;
    const inputs = new Uint32Array(B * T), targets = new Uint32Array(B * T);
    for (let b = 0; b < B; b++) {
      const at = this.ptxRng.int(src.length - T);
      inputs.set(src.subarray(at, at + T), b * T);
      targets.set(src.subarray(at + 1, at + T + 1), b * T);
    }
    return { inputs, targets };
  }

  /** One PPO iteration: a rollout, its rewards and advantages, `epochs` updates; returns its metrics. */
  async iterate(): Promise<PpoMetrics> {
    const { ctx, settings: s } = this;
    await this.update.loop.flush();
    this.update.loop.throwIfDiverged();
    const B = this.update.policy.B;
    const T = this.cfg.blockSize;
    const prompts = Array.from({ length: B }, () => this.prompts[this.order.next()]);
    const seed = (this.train.seed * 1_000_003 + this.rolloutsDone) >>> 0;
    const r = await rollout(ctx, this.update.policy, this.reference, this.scorer, this.tokenizer, this.buffers, prompts, s, seed, this.normalize);
    this.last = r;
    const kls: number[] = [], nonScore: number[] = [], allAdv: number[] = [];
    const perRow = r.logp.map((logp, b) => {
      const a = sequenceAdvantages(logp, r.refLogp[b], r.values[b], r.scores[b], { beta: this.beta, gamma: s.gamma, lam: s.lam });
      kls.push(a.kl.reduce((x, y) => x + y, 0));
      nonScore.push(-this.beta * a.kl.reduce((x, y) => x + y, 0));
      allAdv.push(...a.advantages);
      return a;
    });
    const whitened = whiten(allAdv);
    const N = B * T;
    const nResp = allAdv.length;
    const logpOld = new Float32Array(N), adv = new Float32Array(N), valuesOld = new Float32Array(N), returns = new Float32Array(N), mask = new Float32Array(N);
    const targets = new Uint32Array(N);
    let j = 0;
    perRow.forEach((a, b) => {
      for (let t = 0; t + 1 < T; t++) targets[b * T + t] = r.tokens[b * T + t + 1];
      const first = b * T + r.promptLen[b] - 1;
      a.advantages.forEach((_, t) => {
        logpOld[first + t] = r.logp[b][t];
        adv[first + t] = whitened[j++];
        valuesOld[first + t] = r.values[b][t];
        returns[first + t] = a.returns[t];
        mask[first + t] = 1 / nResp;
      });
    });
    this.update.setRollout({ inputs: r.tokens, targets, logpOld, advantages: adv, valuesOld, returns, mask });
    this.ptxRng = ptxRngFor(this.train.seed, this.rolloutsDone); // per rollout, so a resumed run draws the same batches
    this.stepValues = [];
    const t0 = performance.now();
    for (let e = 0; e < s.epochs; e++) await this.update.step(this.ptxTokens ? () => this.ptxBatch() : undefined);
    await this.update.loop.flush();
    const updateMs = performance.now() - t0;
    this.update.loop.throwIfDiverged();
    const u = averageUpdates(this.stepValues.map((v) => updateMetrics(v, s.ptxCoef)));
    const kl = mean(kls);
    const klCoef = this.beta;
    if (s.targetKl !== null) {
      // Ziegler et al. 2019: β ← β·(1 + clip(KL/target − 1, ±0.2)·n/horizon), n = samples in this batch.
      const err = Math.min(Math.max(kl / s.targetKl - 1, -0.2), 0.2);
      this.beta *= 1 + (err * B) / s.klHorizon;
    }
    this.rolloutsDone++;
    const scores = mean(r.scores);
    return {
      rollout: this.rolloutsDone,
      'objective/scores': scores,
      'objective/kl': kl,
      'objective/kl_per_token': kls.reduce((a, b) => a + b, 0) / nResp,
      'objective/non_score_reward': mean(nonScore),
      'objective/rlhf_reward': scores + mean(nonScore),
      'objective/kl_coef': klCoef,
      'objective/labeler_score': this.labeler ? mean(r.prompts.map((p, b) => this.labeler!.score(p, r.responses[b]))) : NaN,
      'objective/entropy': u.entropy,
      'policy/approxkl_avg': u.approxKl,
      'policy/clipfrac_avg': u.pgClipfrac,
      'loss/policy_avg': u.pgLoss,
      'loss/value_avg': u.vfLoss,
      'val/clipfrac_avg': u.vfClipfrac,
      'loss/ptx_avg': u.ptxLoss,
      'tokens/responses_len_mean': mean(r.responseLen),
      'time/rollout_tokens_per_sec': (nResp * 1000) / r.generateMs,
      'time/generate_ms': r.generateMs,
      'time/score_ms': r.scoreMs,
      'time/update_ms': updateMs,
    };
  }

  /** Samples from the current policy for `prompts` (at most B), e.g. held-out prompts for the labeler's score. */
  async respond(prompts: readonly string[], seed: number): Promise<Rollout> {
    await this.update.loop.flush();
    const B = this.update.policy.B;
    const rows = Array.from({ length: B }, (_, i) => prompts[i % prompts.length]);
    const r = await rollout(this.ctx, this.update.policy, this.reference, this.scorer, this.tokenizer, this.buffers, rows, this.settings, seed, this.normalize);
    return r;
  }

  /**
   * The held-out figures: every prompt of `heldOut` answered `samples` times by the current policy; the mean
   * reward-model score, KL to π_SFT per sequence, and the labeler's score (null without a labeler).
   */
  async evaluate(heldOut: readonly string[], samples = 2, seed = 4242): Promise<{ scores: number; kl: number; labelerScore: number | null; sample: { prompt: string; response: string } }> {
    const B = this.update.policy.B;
    const rows = Array.from({ length: heldOut.length * samples }, (_, i) => heldOut[i % heldOut.length]);
    const scores: number[] = [], kls: number[] = [], labels: number[] = [];
    let sample = { prompt: '', response: '' };
    for (let i = 0; i < rows.length; i += B) {
      const chunk = rows.slice(i, i + B);
      const r = await this.respond(chunk, seed + i);
      chunk.forEach((p, b) => {
        scores.push(r.scores[b]);
        kls.push(r.logp[b].reduce((acc, x, t) => acc + x - r.refLogp[b][t], 0));
        if (this.labeler) labels.push(this.labeler.score(p, r.responses[b]));
      });
      if (i === 0) sample = { prompt: r.prompts[0], response: r.responses[0] };
    }
    return { scores: mean(scores), kl: mean(kls), labelerScore: this.labeler ? mean(labels) : null, sample };
  }

  /**
   * The same prompts answered by π_SFT and by the current policy with the same sampling seed, each answer with the
   * reward model's score and the labeler's (null without one). π_SFT is frozen, so its answers are computed once.
   */
  async compare(prompts: readonly string[], seed = 777): Promise<CompareRow[]> {
    const B = this.update.policy.B;
    const fixed = prompts.slice(0, B);
    if (!fixed.length) return [];
    const rows = Array.from({ length: B }, (_, i) => fixed[i % fixed.length]);
    const key = `${seed}\u0000${fixed.join('\u0000')}`;
    if (this.sftAnswers?.key !== key) {
      await this.update.loop.flush();
      const r = await rollout(this.ctx, this.update.policy, this.reference, this.scorer, this.tokenizer, this.buffers, rows, this.settings, seed, this.normalize, this.reference);
      this.sftAnswers = { key, answers: fixed.map((p, b) => this.answer(p, r, b)) };
    }
    const now = await this.respond(rows, seed);
    return fixed.map((prompt, b) => ({ prompt, sft: this.sftAnswers!.answers[b], policy: this.answer(prompt, now, b) }));
  }

  private sftAnswers: { key: string; answers: CompareAnswer[] } | undefined;

  private answer(prompt: string, r: Rollout, b: number): CompareAnswer {
    return { text: r.responses[b], finished: r.finished[b], score: r.scores[b], labelerScore: this.labeler ? this.labeler.score(prompt, r.responses[b]) : null };
  }

  /** The policy as a GPT2LMHeadModel checkpoint (the value head is training machinery and is not exported). */
  async exportPolicy(): Promise<Uint8Array> {
    await this.update.loop.flush();
    return this.encodePolicy(await this.update.policy.readParams());
  }

  /** `flat` (the policy's layout, value head included) as a GPT2LMHeadModel checkpoint. */
  encodePolicy(flat: Float32Array): Uint8Array {
    const layout = this.update.policy.layout;
    const lmLayout = paramLayout(this.cfg);
    const out = new Float32Array(lmLayout.total);
    for (const sp of lmLayout.specs) {
      const from = layout.specs.find((o) => o.name === sp.name)!;
      out.set(flat.subarray(from.offset, from.offset + from.length), sp.offset);
    }
    return encodeCheckpoint(this.cfg, this.tokenizer, out);
  }

  destroy(): void {
    this.ctx.destroyBuffers(this.owned);
    this.reference.destroy();
    this.scorer.destroy();
    this.update.destroy();
  }
}

/** The generator of rollout `rollout`'s pretraining batches. */
function ptxRngFor(seed: number, rollout: number): Rng {
  return new Rng(((seed ^ 0x9e37) + Math.imul(rollout, 0x9e3779b1)) >>> 0);
}

function averageUpdates(us: readonly UpdateMetrics[]): UpdateMetrics {
  const keys = ['pgLoss', 'pgClipfrac', 'approxKl', 'vfLoss', 'vfClipfrac', 'entropy', 'ptxLoss'] as const;
  const out = {} as UpdateMetrics;
  for (const k of keys) out[k] = mean(us.map((u) => u[k]));
  return out;
}
