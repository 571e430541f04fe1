// The store's per-stage run records for the later stages (SFT, reward model, PPO): run state, curves (step rows
// with accuracy/margin columns, validation points), samples and the stage's own views (PPO: each rollout's metrics,
// the latest rollout, held-out evaluations), plus the rankings the reward model trains on. Pretraining keeps the store's top-level run fields, which its views read.
// Tested by stage-actions.test.ts.
import type { RankedRecord } from '../../engine/data/jsonl';
import type { PpoEvalView, PpoRolloutView, RankProgress, RewardEvalView, RunState, RunSummary, SampleView, SftExampleView, Stage } from '../../workers/protocol';
import { MetricSeries } from './metrics';

export type LaterStage = 'sft' | 'reward' | 'ppo';
export const LATER_STAGES: readonly LaterStage[] = ['sft', 'reward', 'ppo'];

/** One PPO rollout's TRL-named metrics (`objective/scores`, `objective/kl`, …) with its number. */
export interface PpoRolloutPoint {
  rollout: number;
  metrics: Record<string, number>;
}

/** Validation points: loss always; accuracy and margin for the reward model (NaN for SFT). */
export interface StageVal {
  step: number[];
  loss: number[];
  accuracy: number[];
  margin: number[];
}

export interface StageRun {
  runState: RunState;
  step: number;
  summary: RunSummary | null;
  error: string | null;
  metrics: MetricSeries;
  /** Bumped on every metrics append: subscribe to it to redraw charts. */
  metricsVersion: number;
  val: StageVal;
  samples: SampleView[];
  /** The checkpoint this stage started from. */
  from: { stage: Stage; step: number } | null;
  /** SFT: the latest example with the tokens that count in the loss. */
  sftExample: SftExampleView | null;
  /** Reward model: the latest held-out evaluation (score gaps, response table). */
  rewardEval: RewardEvalView | null;
  /** PPO: every rollout's metrics, in order (new array on each append: subscribe to it). */
  ppoRollouts: PpoRolloutPoint[];
  /** PPO: the latest rollout with its responses and per-token log-probs (not persisted). */
  ppoLatest: PpoRolloutView | null;
  /** PPO: held-out evaluations, in order. */
  ppoEvals: PpoEvalView[];
}

/** Where a ranking came from: the programmatic labeler, a person in the page, or an uploaded file. */
export type RankingSource = 'labeler' | 'hand' | 'file';

export interface RankingEntry extends RankedRecord {
  source: RankingSource;
}

export interface Rankings {
  records: RankingEntry[];
  /** The labeler that ordered the 'labeler' records, and the uploaded file's name, for the summary line. */
  labeler: string | null;
  fileName: string | null;
  /** While "Make rankings" runs. */
  progress: RankProgress | null;
}

export function freshStageVal(): StageVal {
  return { step: [], loss: [], accuracy: [], margin: [] };
}

export function freshStageRun(): StageRun {
  return {
    runState: 'idle', step: 0, summary: null, error: null, metrics: new MetricSeries(), metricsVersion: 0, val: freshStageVal(),
    samples: [], from: null, sftExample: null, rewardEval: null, ppoRollouts: [], ppoLatest: null, ppoEvals: [],
  };
}

export function freshRankings(): Rankings {
  return { records: [], labeler: null, fileName: null, progress: null };
}

/** The rankings as the reward stage's JSONL data: one `{"prompt","ranked"}` line per record. */
export function rankingsJsonl(records: readonly RankedRecord[]): string {
  return records.map((r) => JSON.stringify({ prompt: r.prompt, ranked: r.ranked })).join('\n');
}
