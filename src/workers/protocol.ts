// The whole contract between the page and the trainer worker (comlink). Typed arrays cross with
// Comlink.transfer, callbacks with Comlink.proxy; GPU objects never cross.

import type { TrainConfig } from '../engine/config';

export interface AdapterSummary {
  name: string;
  features: string[];
  maxBufferMiB: number;
  maxStorageBindingMiB: number;
  maxWorkgroupStorageKiB: number;
}

export interface CreateRunRequest {
  /** Corpus text (bundled dataset fetched by the page, or the user's own file). */
  text: string;
  preset: string;
  train?: Partial<TrainConfig>;
}

export interface RunSummary {
  params: number;
  vocab: number;
  trainTokens: number;
  valTokens: number;
  memoryMiB: number;
}

/** Columns of the step-metrics batches: row-major (steps × STEP_COLUMNS.length) Float32Array. */
export const STEP_COLUMNS = ['step', 'loss', 'gradNorm', 'lr', 'stepMs', 'tokensPerSec'] as const;

export type TrainerEvent =
  | { type: 'steps'; rows: Float32Array }
  | { type: 'val'; step: number; loss: number }
  | { type: 'done'; steps: number }
  | { type: 'error'; message: string };

export interface TrainerWorkerApi {
  open(): Promise<AdapterSummary>;
  create(req: CreateRunRequest): Promise<RunSummary>;
  /** Trains up to `steps` more steps (or until pause), streaming events. */
  run(steps: number, onEvent: (e: TrainerEvent) => void): Promise<void>;
  pause(): void;
  sample(prompt: string, tokens: number, temperature: number, topK: number, seed: number): Promise<string>;
  exportCheckpoint(): Promise<Uint8Array>;
}
