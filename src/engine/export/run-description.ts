// The run description: which stage made a checkpoint's weights, after how many optimizer steps, under which
// TrainConfig and stage settings, on which data. The CLI records it in a checkpoint's `__metadata__.gpt_lab_run`;
// an exported folder holds it as gpt_lab_run.json (FOLDER.md), which train_ddp.py continues from. Read from files,
// so every field is checked (types, ranges, lengths) before it is used, and unknown keys are dropped.
// Tested by run-description.test.ts.

import { DEFAULT_TRAIN, validateTrainConfig, type TrainConfig } from '../config';
import { quote } from '../checkpoint/safetensors';

export const RUN_FORMAT = 1;

/** The stages a folder can continue (PPO and GPT-1 task heads are not among them). */
export const RUN_STAGES = ['pretrain', 'sft', 'reward'] as const;
export type RunStage = (typeof RUN_STAGES)[number];

export type RunDataKind = 'text' | 'sft-jsonl' | 'ranked-jsonl';

/** What each stage trains on: a text corpus, SFT prompt/completion JSONL, or ranked-response JSONL. */
export const STAGE_DATA_KIND: Record<RunStage, RunDataKind> = { pretrain: 'text', sft: 'sft-jsonl', reward: 'ranked-jsonl' };

export interface RunData {
  kind: RunDataKind;
  /** In a checkpoint: the absolute path the CLI read. In a folder: the path inside it (`data/corpus.txt`). */
  file: string;
  /** The bundled dataset's id (public/datasets/index.json) when the data is one. */
  dataset?: string;
}

export interface StageSettings {
  /** SFT: λ in L3 = L2 + λ·L1. */
  lambda?: number;
  /** SFT and reward: share of the records held out for validation (the engine's default is 0.1). */
  valFraction?: number;
}

export interface RunDescription {
  format: typeof RUN_FORMAT;
  stage: RunStage;
  /** Optimizer steps already taken (the schedule and the batch stream continue from here). */
  step: number;
  /** The run's TrainConfig; `train.steps` is its total. */
  train: TrainConfig;
  stageSettings: StageSettings;
  data: RunData;
  /** The preset the run started from, when known. */
  preset: string | null;
  source: 'lab' | 'cli';
}

/** Most steps a description may claim (far beyond any run; keeps absurd values out of schedules). */
const MAX_STEP = 1e9;
/** Longest path, dataset id or preset name kept from a file. */
const MAX_TEXT = 4096;
const TRAIN_KEYS = Object.keys(DEFAULT_TRAIN) as Array<keyof TrainConfig>;

/** `name` as a stage, or a clear error naming the stages there are. */
export function checkStage(name: unknown): RunStage {
  if (typeof name === 'string' && (RUN_STAGES as readonly string[]).includes(name)) return name as RunStage;
  throw new Error(`unknown stage ${got(name)}; one of ${RUN_STAGES.join(', ')}`);
}

/** A value from the file for a message: quoted briefly, or "nothing" when the field is missing. */
function got(v: unknown): string {
  return v === undefined ? 'nothing' : quote(v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '' || v.length > MAX_TEXT) throw new Error(`${field} must be a string of 1 to ${MAX_TEXT} characters, got ${got(v)}`);
  return v;
}

function readTrain(v: unknown): TrainConfig {
  if (!isObject(v)) throw new Error(`train must be an object (the run's TrainConfig), got ${got(v)}`);
  const train = {} as TrainConfig;
  for (const k of TRAIN_KEYS) {
    const x = v[k];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`train.${k} must be a finite number, got ${got(x)}`);
    train[k] = x;
  }
  validateTrainConfig(train);
  return train;
}

function readSettings(v: unknown): StageSettings {
  if (v === undefined) return {};
  if (!isObject(v)) throw new Error(`stageSettings must be an object, got ${got(v)}`);
  const out: StageSettings = {};
  if (v.lambda !== undefined) {
    if (typeof v.lambda !== 'number' || !(v.lambda >= 0) || !Number.isFinite(v.lambda)) throw new Error(`stageSettings.lambda must be a number >= 0, got ${got(v.lambda)}`);
    out.lambda = v.lambda;
  }
  if (v.valFraction !== undefined) {
    if (typeof v.valFraction !== 'number' || !(v.valFraction > 0 && v.valFraction < 1)) throw new Error(`stageSettings.valFraction must be a number between 0 and 1, got ${got(v.valFraction)}`);
    out.valFraction = v.valFraction;
  }
  return out;
}

function readData(v: unknown, stage: RunStage): RunData {
  if (!isObject(v)) throw new Error(`data must be an object {"kind", "file"}, got ${got(v)}`);
  const kind = STAGE_DATA_KIND[stage];
  if (v.kind !== kind) throw new Error(`data.kind of a ${stage} run must be "${kind}", got ${got(v.kind)}`);
  const data: RunData = { kind, file: text(v.file, 'data.file') };
  if (v.dataset !== undefined) data.dataset = text(v.dataset, 'data.dataset');
  return data;
}

/** Checks a parsed gpt_lab_run object; throws an Error naming the first bad field (its value quoted briefly). */
export function parseRunDescription(v: unknown): RunDescription {
  if (!isObject(v)) throw new Error(`a run description must be a JSON object, got ${got(v)}`);
  if (v.format !== RUN_FORMAT) throw new Error(`format must be ${RUN_FORMAT}, got ${got(v.format)} (written by a newer GPT Lab?)`);
  const stage = checkStage(v.stage);
  if (typeof v.step !== 'number' || !Number.isInteger(v.step) || v.step < 0 || v.step > MAX_STEP) throw new Error(`step must be an integer from 0 to ${MAX_STEP}, got ${got(v.step)}`);
  if (v.source !== 'lab' && v.source !== 'cli') throw new Error(`source must be "lab" or "cli", got ${got(v.source)}`);
  return {
    format: RUN_FORMAT,
    stage,
    step: v.step,
    train: readTrain(v.train),
    stageSettings: readSettings(v.stageSettings),
    data: readData(v.data, stage),
    preset: v.preset === undefined || v.preset === null ? null : text(v.preset, 'preset'),
    source: v.source,
  };
}
