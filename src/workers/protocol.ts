// The whole contract between the page and the trainer worker (comlink). Typed arrays cross with
// Comlink.transfer, callbacks with Comlink.proxy; GPU objects never cross. Designed for every stage
// (pretrain, sft, reward now; ppo next): events carry the stage they come from. The worker holds one run at a
// time; the page keeps each stage's checkpoint and starts the next stage from it.

import type { ModelConfig, TrainConfig } from '../engine/config';
import type { RankedRecord } from '../engine/data/jsonl';
import type { LessonEvent } from '../engine/lessons/run-lesson';
import type { LessonId, LessonLanguage, LessonOverrides } from '../engine/lessons/lesson-spec';
import type { LessonSummary } from '../engine/lessons/lesson-summary';

export type { LessonEvent, LessonSummary };

export type Stage = 'pretrain' | 'sft' | 'reward' | 'ppo';

export interface AdapterSummary {
  name: string;
  features: string[];
  maxBufferMiB: number;
  maxStorageBindingMiB: number;
  maxWorkgroupStorageKiB: number;
}

/** Everything that defines a run; the page's experiment schema resolves a URL into this. */
export interface RunSpec {
  model: Omit<ModelConfig, 'vocabSize'>;
  train: TrainConfig;
  /** Matmul precision: 'auto' (f16 inputs where the device offers them) or 'f32'; absent = 'auto'. */
  precision?: 'auto' | 'f32';
}

export interface CreateRunRequest {
  /** Corpus text (bundled dataset fetched by the page, or the user's own file). */
  text: string;
  spec: RunSpec;
  /** Resume: a checkpoint saved by `saveState` (parameters, optimizer moments, step). */
  resume?: SavedState;
}

export interface RunSummary {
  stage: Stage;
  params: number;
  vocab: number;
  /** Pretraining: tokens of each split; later stages: examples (SFT records, reward prompts) of each split. */
  trainTokens: number;
  valTokens: number;
  memoryMiB: number;
  /** Steps already taken (non-zero when resumed). */
  step: number;
}

/** A resumable snapshot: HF-named safetensors of the parameters plus the AdamW moments and the step. */
export interface SavedState {
  stage: Stage;
  step: number;
  /** encodeCheckpoint(): `.safetensors` bytes with config and tokenizer metadata. */
  checkpoint: Uint8Array;
  /** AdamW first and second moments in the engine's flat parameter layout. */
  m: Float32Array;
  v: Float32Array;
  /** PPO: what its exported language model leaves out but a resumed run needs: the policy's parameters in its own
   *  layout (with the value head) and the KL coefficient β (adaptive β moves). */
  ppo?: { params: Float32Array; beta: number };
}

/** What the probes look at and how often; changeable while training. */
export interface ProbeSettings {
  /** Text whose activations and attention are shown (truncated to the context length; unknown characters dropped). */
  probeText: string;
  samplePrompt: string;
  temperature: number;
  topK: number;
  sampleTokens: number;
  /** Run the probes (embedding, activations, attention, sample) every this many steps, and when training stops. */
  every: number;
}

/** Columns of the step-metrics batches: row-major (steps × STEP_COLUMNS.length) Float32Array. `accuracy` and
 *  `margin` are the reward model's pairwise accuracy and mean r_w − r_l on the training batch (NaN in other stages). */
export const STEP_COLUMNS = ['step', 'loss', 'gradNorm', 'lr', 'stepMs', 'tokensPerSec', 'accuracy', 'margin'] as const;
export type StepColumn = (typeof STEP_COLUMNS)[number];

/** Token embedding map: the embedding matrix projected on its top-2 principal components. */
export interface EmbeddingView {
  step: number;
  tokens: string[]; // (V)
  xy: Float32Array; // (V, 2)
  /** Explained variance of the two components, as fractions of the total. */
  explained: [number, number];
  /** For each token, its K nearest neighbours by cosine similarity of the full C-dim vectors. */
  neighbours: Int32Array; // (V, K)
  similarity: Float32Array; // (V, K)
  K: number;
}

/** Residual stream for the probe text: layer 0 is the embedding output, layer l the output of block l. */
export interface ActivationView {
  step: number;
  tokens: string[]; // (T) probe tokens
  layers: number; // L + 1
  T: number;
  C: number;
  residual: Float32Array; // (layers, T, C)
  stats: Float32Array; // (layers, 4): mean, std, min, max over T×C
  bins: number;
  histogram: Float32Array; // (layers, bins) counts over [histMin, histMax]
  histMin: number;
  histMax: number;
}

/** Attention probabilities for the probe text; rows are queries, columns keys (causal: upper triangle 0). */
export interface AttentionView {
  step: number;
  tokens: string[]; // (T)
  L: number;
  NH: number;
  T: number;
  weights: Float32Array; // (L, NH, T, T)
}

export interface SampleView {
  stage: Stage;
  step: number;
  prompt: string;
  text: string;
  temperature: number;
  topK: number;
}

/** Stage 2 settings: L3 = L2 + λ·L1 (L2: loss on completion tokens, L1: LM loss on the whole example). */
export interface SftSettings {
  lambda: number;
}

/** Stage 4 settings (PPO-ptx); the rest (clip ranges, value-loss weight, GAE) are the engine's defaults. */
export interface PpoStageSettings {
  /** KL coefficient β (the initial one when adaptive). */
  beta: number;
  /** Adapt β toward this KL per sequence (nats); null = fixed β. */
  targetKl: number | null;
  /** γ, the pretraining-mix coefficient (0 = plain PPO). */
  ptxCoef: number;
  /** Policy ratio clip range ε. */
  clip: number;
  /** PPO updates per rollout. */
  epochs: number;
  responseLen: number;
  temperature: number;
  /** The prompts' programmatic labeler (its score is reported as the "true" reward), or null. */
  labeler: string | null;
}

/** A stage after pretraining, started from the previous stage's checkpoint. */
export interface CreateStageRequest {
  stage: 'sft' | 'reward' | 'ppo';
  /** `.safetensors` of the language model this stage starts from (pretrained for SFT, SFT for the reward model and PPO). */
  init: Uint8Array;
  /** JSONL: SFT `{"prompt","completion"}`; reward `{"prompt","ranked":[best,…]}` or `{"prompt","chosen","rejected"}`;
   *  PPO `{"prompt"}`. */
  data: string;
  /** PPO: the reward model's `.safetensors` (stage 3). */
  reward?: Uint8Array;
  /** PPO: pretraining text for the ptx term (needed when ptxCoef > 0). */
  ptxText?: string;
  ppo?: PpoStageSettings;
  /** Name of the data for error messages (a dataset id or the uploaded file's name). */
  dataName: string;
  train: TrainConfig;
  sft?: SftSettings;
  /** SFT: prompts sampled at every probe, to watch the answers change. */
  samplePrompts?: string[];
  resume?: SavedState;
}

/** How the lab makes reward-model data: K responses sampled from the SFT model per prompt, ordered by a labeler. */
export interface RankRequest {
  /** The SFT model's `.safetensors`. */
  init: Uint8Array;
  prompts: string[];
  k: number;
  /** Id of a programmatic labeler (src/engine/labelers). */
  labeler: string;
  temperature: number;
  topK: number;
  /** Most response tokens (end of text stops earlier; the context length caps it too). */
  maxTokens: number;
  seed: number;
}

export interface RankProgress {
  done: number;
  total: number;
}

/** K responses to one prompt from a model (for hand ranking), in sampling order. */
export interface SampleRequest {
  /** Model to sample from; the current run's model when absent. */
  init?: Uint8Array;
  prompt: string;
  k: number;
  temperature: number;
  topK: number;
  maxTokens: number;
  seed: number;
}

/** Which tokens of one SFT example count in the loss: the prompt is masked (counted 0), the completion and its
 *  end-of-text token count (1); with λ > 0 every token also counts λ-weighted in L1. */
export interface SftExampleView {
  tokens: string[];
  counted: Uint8Array; // (tokens) 1 where the token is a target of L2
  lambda: number;
}

/** The reward model on held-out prompts. */
export interface RewardEvalView {
  step: number;
  /** Fraction of held-out pairs with r(x, y_w) > r(x, y_l). */
  accuracy: number;
  /** Mean of r_w − r_l over held-out pairs. */
  margin: number;
  loss: number;
  /** r_w − r_l for every held-out pair (the score-gap histogram). */
  gaps: Float32Array;
  /** Mean and standard deviation of the reward over all held-out responses (before normalisation). */
  meanReward: number;
  stdReward: number;
  /** One held-out prompt's K responses: reward, rank by the labeler (1 = best, the data's order), rank by the model. */
  table: { prompt: string; responses: Array<{ text: string; reward: number; labelerRank: number; modelRank: number }> };
}

/** One PPO iteration (a rollout and its updates): TRL-named metrics and the rollout's responses with each token's
 *  log-probability under the policy and under π_SFT (the per-token KL heatmap: colour logp − refLogp). */
export interface PpoRolloutView {
  rollout: number;
  metrics: Record<string, number>;
  responses: Array<{ prompt: string; tokens: string[]; logp: Float32Array; refLogp: Float32Array; score: number; labelerScore: number | null }>;
}

/** PPO on held-out prompts (every held-out prompt, answered twice): reward-model score, KL to π_SFT, labeler score. */
export interface PpoEvalView {
  rollout: number;
  scores: number;
  kl: number;
  labelerScore: number | null;
  /** A few fixed held-out prompts answered by π_SFT and by the policy (same sampling seed), side by side. */
  compare?: Array<{ prompt: string; sft: PpoAnswerView; policy: PpoAnswerView }>;
}

/** One answer: its text, whether it ended (false = cut off at the length cap), reward-model and labeler scores. */
export interface PpoAnswerView {
  text: string;
  finished: boolean;
  score: number;
  labelerScore: number | null;
}

export type RunState = 'idle' | 'running' | 'paused' | 'done' | 'error';

export type TrainerEvent =
  | { type: 'steps'; stage: Stage; rows: Float32Array }
  /** Validation: pretraining and SFT a held-out loss (SFT: on completion tokens only); reward also accuracy and margin. */
  | { type: 'val'; stage: Stage; step: number; loss: number; accuracy?: number; margin?: number }
  | { type: 'sftExample'; view: SftExampleView }
  | { type: 'rewardEval'; view: RewardEvalView }
  | { type: 'ppo'; view: PpoRolloutView }
  | { type: 'ppoEval'; view: PpoEvalView }
  | { type: 'embedding'; view: EmbeddingView }
  | { type: 'activations'; view: ActivationView }
  | { type: 'attention'; view: AttentionView }
  | { type: 'sample'; view: SampleView }
  /** A resumable snapshot, sent at each validation and when training stops (never after a NaN). */
  | { type: 'saved'; state: SavedState }
  | { type: 'state'; state: RunState; step: number }
  /** `message` in English (the CLI's); `code` and `params` (src/engine/errors.ts) when the error has them, so the
   *  page words it in its reader's language. */
  | { type: 'error'; message: string; step: number; code?: string; params?: Record<string, string | number> };

/** A lesson from the GPT papers (engine/lessons): its recipe in one language, with a link's overrides. */
export interface LessonRequest {
  id: LessonId;
  lang: LessonLanguage;
  overrides: LessonOverrides;
}

export interface TrainerWorkerApi {
  open(): Promise<AdapterSummary>;
  /** Builds a pretraining run (validates the config against the adapter's limits before allocating). */
  create(req: CreateRunRequest, onEvent: (e: TrainerEvent) => void): Promise<RunSummary>;
  /** Builds an SFT or reward-model run from a checkpoint (replaces the current run, which is freed first). */
  createStage(req: CreateStageRequest, onEvent: (e: TrainerEvent) => void): Promise<RunSummary>;
  /** Samples K responses per prompt from the SFT model and orders them with a labeler (reward-model data). */
  rank(req: RankRequest, onProgress: (p: RankProgress) => void): Promise<RankedRecord[]>;
  /** K responses to one prompt, for ranking by hand. */
  sampleResponses(req: SampleRequest): Promise<string[]>;
  /** Trains until the configured step count or pause(); resolves when it stops. */
  run(): Promise<void>;
  pause(): void;
  /** One step, then probes. */
  step(): Promise<void>;
  setProbes(p: ProbeSettings): void;
  /** Runs the probes now (also when paused). */
  probe(): Promise<void>;
  saveState(): Promise<SavedState>;
  /** The current run's weights as `.safetensors` (a reward model with GPT2ForSequenceClassification names). */
  exportCheckpoint(): Promise<Uint8Array>;
  /** Runs a lesson (freeing the current run first); `load` fetches a bundled dataset's text by id. Resolves with
   *  what was measured, also when stopped early (then over what had been measured). */
  runLesson(req: LessonRequest, load: (id: string) => Promise<string>, onEvent: (e: LessonEvent) => void): Promise<LessonSummary>;
  /** Stops a running lesson after its current step or evaluation. */
  stopLesson(): void;
  /** Frees the run's GPU buffers. */
  dispose(): void;
  /** Fault injection for tests: destroys the GPU device, as a driver reset or a lost GPU would. */
  loseDevice(): void;
}
