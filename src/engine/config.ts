// Typed configuration of a model and of a training run, with the reason for each default.
// Presets (src/engine/presets) override a few fields. Tested through presets.test.ts and the trainer tests.
import { LabError } from './errors';

/** GPT-2 architecture hyperparameters (names follow Hugging Face GPT2Config where one exists). */
export interface ModelConfig {
  /** L: number of transformer blocks. */
  nLayer: number;
  /** NH: attention heads per block; nEmbd must be divisible by it. */
  nHead: number;
  /** C: width of the residual stream. */
  nEmbd: number;
  /** T max: context length (n_positions); the learned position table has this many rows. */
  blockSize: number;
  /** V: vocabulary size (set from the tokenizer of the corpus). */
  vocabSize: number;
}

export interface TrainConfig {
  /** B: sequences per step. */
  batchSize: number;
  /** Optimizer steps to run. */
  steps: number;
  /** Peak learning rate (after warmup). 1e-3 suits small char-level models (nanoGPT shakespeare-char). */
  lr: number;
  /** Learning rate at the end of cosine decay, as a fraction of `lr` (nanoGPT: min_lr = lr/10). */
  minLrRatio: number;
  /** Linear warmup steps from 0 to `lr`. */
  warmupSteps: number;
  /** AdamW decoupled weight decay, applied only to 2-D weights (GPT-2 / nanoGPT practice). */
  weightDecay: number;
  beta1: number;
  /** 0.99 for small batches (nanoGPT shakespeare-char); GPT-3 used 0.95 at scale. */
  beta2: number;
  eps: number;
  /** Global gradient-norm clip; 0 disables clipping. */
  gradClip: number;
  /** Validation loss every this many steps (and at the end); 0 disables. */
  evalEvery: number;
  /** Random validation batches averaged per evaluation. */
  evalBatches: number;
  /** Seeds initialization, batches and sampling: same seed + config + adapter → same losses. */
  seed: number;
}

export const DEFAULT_TRAIN: TrainConfig = {
  batchSize: 8,
  steps: 200,
  lr: 1e-3,
  minLrRatio: 0.1,
  warmupSteps: 20,
  weightDecay: 0.1,
  beta1: 0.9,
  beta2: 0.99,
  eps: 1e-8,
  gradClip: 1.0,
  evalEvery: 50,
  evalBatches: 4,
  seed: 1337,
};

/** Throws a clear error for a config that cannot describe a GPT-2 model. */
export function validateModelConfig(m: ModelConfig): void {
  const positive = ['nLayer', 'nHead', 'nEmbd', 'blockSize', 'vocabSize'] as const;
  for (const k of positive) {
    if (!Number.isInteger(m[k]) || m[k] < 1) throw new LabError('config-invalid', { field: k, value: String(m[k]), rule: 'positive-integer' }, `model config: ${k} must be a positive integer (got ${m[k]})`);
  }
  if (m.nEmbd % m.nHead !== 0) throw new LabError('heads-split', { width: m.nEmbd, heads: m.nHead }, `model config: nEmbd (${m.nEmbd}) must be divisible by nHead (${m.nHead})`);
  const hs = m.nEmbd / m.nHead;
  if (hs > 128) throw new LabError('heads-split', { width: m.nEmbd, heads: m.nHead }, `model config: head size nEmbd/nHead = ${hs} exceeds 128, the largest the attention kernel supports`);
}

export function validateTrainConfig(t: TrainConfig): void {
  if (!Number.isInteger(t.batchSize) || t.batchSize < 1) throw new LabError('config-invalid', { field: 'batchSize', value: String(t.batchSize), rule: 'positive-integer' }, `train config: batchSize must be a positive integer (got ${t.batchSize})`);
  if (!Number.isInteger(t.steps) || t.steps < 0) throw new LabError('config-invalid', { field: 'steps', value: String(t.steps), rule: 'non-negative-integer' }, `train config: steps must be a non-negative integer (got ${t.steps})`);
  if (!(t.lr > 0) || !Number.isFinite(t.lr)) throw new LabError('config-invalid', { field: 'lr', value: String(t.lr), rule: 'positive-number' }, `train config: lr must be a positive number (got ${t.lr})`);
  if (!(t.gradClip >= 0)) throw new LabError('config-invalid', { field: 'gradClip', value: String(t.gradClip), rule: 'non-negative' }, `train config: gradClip must be >= 0 (got ${t.gradClip})`);
}
