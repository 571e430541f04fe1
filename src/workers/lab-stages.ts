// What differs between the lab's training stages, behind one interface that LabRun drives: the trainer (all
// share OptimizerLoop), the validation events (pretraining and SFT: a held-out loss; reward model: accuracy,
// margin, the score-gap histogram and a K-response table), the samples shown at each probe, and the checkpoint
// format. Adding a stage adds a function here, not a branch in LabRun. Tested by trainer-api.test.ts and
// stage-api.test.ts.

import type { CharTokenizer } from '../engine/data/tokenizer';
import type { GPT } from '../engine/model/gpt';
import type { PpoMetrics, PpoTrainer } from '../engine/stages/ppo';
import type { RewardTrainer } from '../engine/stages/reward';
import type { SftTrainer } from '../engine/stages/sft';
import type { TrainConfig } from '../engine/config';
import type { StepMetrics } from '../engine/train/optimizer-loop';
import type { AdamWOptimizer } from '../engine/train/optimizer';
import type { Trainer } from '../engine/train/trainer';
import { knownText } from '../engine/probes/probe-runner';
import type { PpoRolloutView, ProbeSettings, RewardEvalView, SampleView, SavedState, Stage, TrainerEvent } from './protocol';

/** The trainer surface LabRun needs; Trainer, SftTrainer and RewardTrainer all have it. */
export interface LabTrainer {
  readonly model: GPT;
  readonly tokenizer: CharTokenizer;
  readonly train: TrainConfig;
  readonly loop: { readonly optimizer: AdamWOptimizer };
  readonly stepsTaken: number;
  onStep: ((m: StepMetrics) => void) | undefined;
  step(): Promise<void>;
  flush(): Promise<void>;
  throwIfDiverged(): void;
  encode(flat: Float32Array): Uint8Array;
  destroy(): void;
}

export interface LabStage {
  readonly stage: Stage;
  readonly trainer: LabTrainer;
  /** Events of a validation at the current step (after the metrics were flushed). */
  validate(): Promise<TrainerEvent[]>;
  /** Samples to show at a probe (none for the reward model). */
  samples(p: ProbeSettings, step: number): Promise<SampleView[]>;
  /** Events sent once when the run is built. */
  initialEvents(): TrainerEvent[];
  /** The checkpoint to download (the reward model adds its reward statistics). */
  exportCheckpoint(flat: Float32Array): Promise<Uint8Array>;
  /** Events after each step (PPO: the iteration's metrics and rollout). */
  afterStep?(): TrainerEvent[];
  /** What a snapshot needs beyond checkpoint and moments to resume (PPO: full parameters and β). */
  snapshotExtras?(params: Float32Array): Pick<SavedState, 'ppo'>;
}

export function pretrainStage(t: Trainer): LabStage {
  return {
    stage: 'pretrain',
    trainer: t,
    validate: async () => [{ type: 'val', stage: 'pretrain', step: t.stepsTaken, loss: await t.evaluate() }],
    samples: async (p, step) => {
      const prompt = knownText(t.tokenizer, p.samplePrompt);
      const text = await t.sample(prompt, { tokens: p.sampleTokens, temperature: p.temperature, topK: p.topK, seed: step });
      return [{ stage: 'pretrain', step, prompt, text, temperature: p.temperature, topK: p.topK }];
    },
    initialEvents: () => [],
    exportCheckpoint: async (flat) => t.encode(flat),
  };
}

export function sftStage(t: SftTrainer, samplePrompts: readonly string[]): LabStage {
  const prompts = samplePrompts.map((p) => knownText(t.tokenizer, p)).filter((p) => p.length > 0 && Array.from(p).length < t.cfg.blockSize).slice(0, 8);
  return {
    stage: 'sft',
    trainer: t,
    validate: async () => [{ type: 'val', stage: 'sft', step: t.stepsTaken, loss: await t.evaluate() }],
    samples: async (p, step) => {
      if (!prompts.length) return [];
      const out = await t.complete(prompts, { temperature: p.temperature, topK: p.topK, seed: step });
      return prompts.map((prompt, i) => ({ stage: 'sft', step, prompt, text: out[i].text, temperature: p.temperature, topK: p.topK }));
    },
    initialEvents: () => {
      const ex = t.example(0);
      return [{ type: 'sftExample', view: { tokens: ex.tokens, counted: ex.counted, lambda: t.lambda } }];
    },
    exportCheckpoint: async (flat) => t.encode(flat),
  };
}

/** 1-based ranks of `values`, highest first (ties share order of appearance). */
function ranksDescending(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const ranks = new Array<number>(values.length);
  order.forEach(([, i], r) => (ranks[i] = r + 1));
  return ranks;
}

export function rewardStage(t: RewardTrainer): LabStage {
  return {
    stage: 'reward',
    trainer: t,
    validate: async () => {
      const e = await t.evaluate();
      const step = t.stepsTaken;
      const modelRanks = ranksDescending(e.table.rewards);
      const view: RewardEvalView = {
        step, accuracy: e.accuracy, margin: e.margin, loss: e.loss, gaps: e.gaps, meanReward: e.meanReward, stdReward: e.stdReward,
        table: { prompt: e.table.prompt, responses: e.table.responses.map((text, i) => ({ text, reward: e.table.rewards[i], labelerRank: i + 1, modelRank: modelRanks[i] })) },
      };
      return [{ type: 'val', stage: 'reward', step, loss: e.loss, accuracy: e.accuracy, margin: e.margin }, { type: 'rewardEval', view }];
    },
    samples: async () => [],
    initialEvents: () => [],
    exportCheckpoint: async (flat) => t.encode(flat, await t.rewardStats()),
  };
}

/**
 * PPO: a step is one iteration (a rollout and its epochs of updates), so `stepsTaken` counts rollouts and each
 * step row carries the policy loss, the rollout's tokens/s and its time; the full metrics and the rollout (for
 * the per-token KL heatmap) follow as a `ppo` event. Validation answers every held-out prompt twice.
 */
/** Held-out prompts answered by π_SFT and by the policy side by side at each evaluation. */
const COMPARE_PROMPTS = 4;

export function ppoStage(t: PpoTrainer, train: TrainConfig, heldOut: readonly string[]): LabStage {
  let onStep: ((m: StepMetrics) => void) | undefined;
  let last: PpoMetrics | undefined;
  const trainer: LabTrainer = {
    model: t.update.policy,
    tokenizer: t.tokenizer,
    train,
    loop: t.update.loop,
    get stepsTaken() {
      return t.rolloutsDone;
    },
    get onStep() {
      return onStep;
    },
    set onStep(f) {
      onStep = f;
    },
    async step() {
      const m = await t.iterate();
      last = m;
      const ms = m['time/generate_ms'] + m['time/score_ms'] + m['time/update_ms'];
      onStep?.({ step: m.rollout, loss: m['loss/policy_avg'], gradNorm: NaN, lr: train.lr, stepMs: ms, tokensPerSec: m['time/rollout_tokens_per_sec'], accuracy: NaN, margin: NaN });
    },
    flush: () => t.update.loop.flush(),
    throwIfDiverged: () => t.update.loop.throwIfDiverged(),
    encode: (flat) => t.encodePolicy(flat),
    destroy: () => t.destroy(),
  };
  return {
    stage: 'ppo',
    trainer,
    validate: async () => {
      if (!heldOut.length) return [];
      const e = await t.evaluate(heldOut, 2);
      const compare = await t.compare(heldOut.slice(0, COMPARE_PROMPTS));
      return [
        { type: 'val', stage: 'ppo', step: t.rolloutsDone, loss: -e.scores },
        { type: 'ppoEval', view: { rollout: t.rolloutsDone, scores: e.scores, kl: e.kl, labelerScore: e.labelerScore, compare } },
      ];
    },
    samples: async () => [],
    initialEvents: () => [],
    exportCheckpoint: async (flat) => t.encodePolicy(flat),
    snapshotExtras: (params) => ({ ppo: { params, beta: t.beta } }),
    afterStep: () => {
      const r = t.last;
      if (!last || !r) return [];
      const tok = t.tokenizer;
      const view: PpoRolloutView = {
        rollout: last.rollout,
        metrics: { ...last },
        responses: r.prompts.map((prompt, b) => {
          const ids = r.tokens.subarray(b * t.cfg.blockSize + r.promptLen[b], b * t.cfg.blockSize + r.promptLen[b] + r.responseLen[b]);
          return {
            prompt, tokens: Array.from(ids, (id) => tok.vocab[id]), logp: Float32Array.from(r.logp[b]), refLogp: Float32Array.from(r.refLogp[b]),
            score: r.scores[b], labelerScore: t.labeler ? t.labeler.score(prompt, r.responses[b]) : null,
          };
        }),
      };
      last = undefined;
      return [{ type: 'ppo', view }];
    },
  };
}
