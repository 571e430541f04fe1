// The whole contract between the page and the trainer worker (comlink). Typed arrays cross with
// Comlink.transfer, callbacks with Comlink.proxy; GPU objects never cross. Designed for every stage
// (pretrain now; sft, reward, ppo later): events carry the stage they come from.

import type { ModelConfig, TrainConfig } from '../engine/config';

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
}

export interface CreateRunRequest {
  /** Corpus text (bundled dataset fetched by the page, or the user's own file). */
  text: string;
  spec: RunSpec;
  /** Resume: a checkpoint saved by `saveState` (parameters, optimizer moments, step). */
  resume?: SavedState;
}

export interface RunSummary {
  params: number;
  vocab: number;
  trainTokens: number;
  valTokens: number;
  memoryMiB: number;
  /** Steps already taken (non-zero when resumed). */
  step: number;
}

/** A resumable snapshot: HF-named safetensors of the parameters plus the AdamW moments and the step. */
export interface SavedState {
  step: number;
  /** encodeCheckpoint(): `.safetensors` bytes with config and tokenizer metadata. */
  checkpoint: Uint8Array;
  /** AdamW first and second moments in the engine's flat parameter layout. */
  m: Float32Array;
  v: Float32Array;
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

/** Columns of the step-metrics batches: row-major (steps × STEP_COLUMNS.length) Float32Array. */
export const STEP_COLUMNS = ['step', 'loss', 'gradNorm', 'lr', 'stepMs', 'tokensPerSec'] as const;
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
  step: number;
  prompt: string;
  text: string;
  temperature: number;
  topK: number;
}

export type RunState = 'idle' | 'running' | 'paused' | 'done' | 'error';

export type TrainerEvent =
  | { type: 'steps'; stage: Stage; rows: Float32Array }
  | { type: 'val'; stage: Stage; step: number; loss: number }
  | { type: 'embedding'; view: EmbeddingView }
  | { type: 'activations'; view: ActivationView }
  | { type: 'attention'; view: AttentionView }
  | { type: 'sample'; view: SampleView }
  /** A resumable snapshot, sent at each validation and when training stops (never after a NaN). */
  | { type: 'saved'; state: SavedState }
  | { type: 'state'; state: RunState; step: number }
  | { type: 'error'; message: string; step: number };

export interface TrainerWorkerApi {
  open(): Promise<AdapterSummary>;
  /** Builds a run (validates the config against the adapter's limits before allocating). */
  create(req: CreateRunRequest, onEvent: (e: TrainerEvent) => void): Promise<RunSummary>;
  /** Trains until the configured step count or pause(); resolves when it stops. */
  run(): Promise<void>;
  pause(): void;
  /** One step, then probes. */
  step(): Promise<void>;
  setProbes(p: ProbeSettings): void;
  /** Runs the probes now (also when paused). */
  probe(): Promise<void>;
  saveState(): Promise<SavedState>;
  exportCheckpoint(): Promise<Uint8Array>;
  /** Frees the run's GPU buffers. */
  dispose(): void;
}
