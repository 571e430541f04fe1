// GPT-2 checkpoints as .safetensors with Hugging Face tensor names and layouts (F32): a language model as
// GPT2LMHeadModel (transformer.*; the LM head is tied to wte), a reward model as GPT2ForSequenceClassification
// (transformer.* + score.weight (1, C)), and GPT-1 task models (the LM head still tied, no extra tensor): a
// classification, entailment or similarity model as GPT2ForSequenceClassification with score.weight (num_labels, C)
// and `num_labels`, `id2label`, `label2id` in the config, a multiple-choice model as GPT2DoubleHeadsModel with
// multiple_choice_head.summary.weight (1, C) and .bias (1); both name their input transform in the config field
// `gpt_lab_task` (HF keeps unknown config fields, so it survives an export). `__metadata__` holds {config:
// GPT2Config-style JSON with `architectures`, tokenizer: {"type":"char","vocab":[...],"special":[...]}} and, for a
// reward model, the reward normalisation; a checkpoint saved by the CLI also records its run (`gpt_lab_run`: stage,
// step, TrainConfig, data; src/engine/export/run-description.ts).
// Everything a header claims is checked (config ranges, tokenizer, tensor sizes against the file) before any
// parameter array is allocated, and every message quotes the file briefly. Tested by gpt2-checkpoint.test.ts and
// checkpoint-fuzz.test.ts (thousands of mutated checkpoints, hostile headers).

import type { ModelConfig } from '../config';
import { validateModelConfig } from '../config';
import { CharTokenizer } from '../data/tokenizer';
import { paramLayout, type HeadDef, type ParamLayout } from '../model/params';
import { MAX_TASK_CLASSES } from '../../kernels/taskloss/taskloss';
import { TASK_KINDS, type TaskKind } from '../tasks/task-records';
import { parseRunDescription, type RunDescription } from '../export/run-description';
import { RUN_METADATA_KEY } from '../export/run-metadata';
import { quote, readSafetensors, writeSafetensors, type NamedTensor } from './safetensors';

export type Architecture = 'GPT2LMHeadModel' | 'GPT2ForSequenceClassification' | 'GPT2DoubleHeadsModel';
const ARCHITECTURES: readonly Architecture[] = ['GPT2LMHeadModel', 'GPT2ForSequenceClassification', 'GPT2DoubleHeadsModel'];

/** The reward model's scalar head (HF GPT2ForSequenceClassification with num_labels = 1: no bias). */
export const REWARD_HEAD: HeadDef = { name: 'score', bias: false };
/** The multiple-choice head (HF GPT2DoubleHeadsModel's SequenceSummary: a Linear(C, 1) with a bias). */
export const MC_HEAD: HeadDef = { name: 'multiple_choice_head.summary', bias: true };

/** A GPT-1 task model's head: its input transform and class labels (id2label in id order; [] for multiple choice). */
export interface TaskHeadInfo {
  kind: TaskKind;
  labels: string[];
}

/** Longest class label a checkpoint may hold (keeps messages and headers sane). */
const MAX_LABEL_CHARS = 200;

/** Largest config a checkpoint may declare (far above anything the lab trains; stops absurd headers early). */
const LIMITS = { nLayer: 96, nHead: 128, nEmbd: 16_384, blockSize: 65_536, vocabSize: 1_000_000 };
/** Most special tokens a tokenizer may declare (the lab uses one; CharTokenizer checks duplicates in O(n²)). */
const MAX_SPECIALS = 1024;
/** The config's HF field for each ModelConfig field. */
const HF_NAMES: ReadonlyArray<[keyof ModelConfig, keyof HfConfig]> = [
  ['nLayer', 'n_layer'], ['nHead', 'n_head'], ['nEmbd', 'n_embd'], ['blockSize', 'n_positions'], ['vocabSize', 'vocab_size'],
];

export interface Gpt2Checkpoint {
  config: ModelConfig;
  tokenizer: CharTokenizer;
  architecture: Architecture;
  /** Parameters in the engine's flat layout (`layout`: the trunk plus the architecture's heads). */
  flat: Float32Array;
  layout: ParamLayout;
  /** Reward models: mean and standard deviation of the reward over the SFT responses it was trained on. */
  rewardStats?: { mean: number; std: number };
  /** Task models (GPT-1 fine-tuning): the transform and labels. */
  task?: TaskHeadInfo;
  /** The run that made these weights, when the file records it (CLI checkpoints). */
  run?: RunDescription;
}

/** HF GPT2Config field names, as `__metadata__.config` holds them. */
interface HfConfig {
  n_layer: number;
  n_head: number;
  n_embd: number;
  n_positions: number;
  vocab_size: number;
  architectures?: string[];
  num_labels?: number;
  id2label?: Record<string, string>;
  label2id?: Record<string, number>;
  gpt_lab_task?: TaskKind;
}

/** The heads of an architecture: a task model's head has one output per label (classification, entailment,
 *  similarity) or one score per choice (multiple choice). */
export function headsOf(architecture: Architecture, task?: TaskHeadInfo): HeadDef[] {
  if (architecture === 'GPT2DoubleHeadsModel') return [MC_HEAD];
  if (architecture === 'GPT2ForSequenceClassification') return task ? [{ ...REWARD_HEAD, outputs: task.labels.length }] : [REWARD_HEAD];
  return [];
}

/** The architecture that holds a task's head. */
export function taskArchitecture(kind: TaskKind): Architecture {
  return kind === 'multiple_choice' ? 'GPT2DoubleHeadsModel' : 'GPT2ForSequenceClassification';
}

export interface EncodeOptions {
  architecture?: Architecture;
  rewardStats?: { mean: number; std: number };
  /** A task model (the architecture follows from its kind). */
  task?: TaskHeadInfo;
}

/** `flat` laid out by paramLayout(config, {heads: headsOf(architecture)}) (frozen groups do not change names). */
export function encodeCheckpoint(config: ModelConfig, tokenizer: CharTokenizer, flat: Float32Array, opts: EncodeOptions = {}, layout?: ParamLayout): Uint8Array {
  const task = opts.task;
  const architecture = task ? taskArchitecture(task.kind) : (opts.architecture ?? 'GPT2LMHeadModel');
  if (task && opts.architecture && opts.architecture !== architecture) throw new Error(`checkpoint: a ${task.kind} model is a ${architecture}, not a ${opts.architecture}`);
  if (task) checkTaskLabels(task);
  const l = layout ?? paramLayout(config, { heads: headsOf(architecture, task) });
  if (flat.length !== l.total) throw new Error(`checkpoint: ${flat.length} parameter values, layout needs ${l.total}`);
  const tensors: NamedTensor[] = l.specs.map((s) => ({ name: s.name, shape: s.shape, data: flat.slice(s.offset, s.offset + s.length) }));
  const hf: HfConfig = { n_layer: config.nLayer, n_head: config.nHead, n_embd: config.nEmbd, n_positions: config.blockSize, vocab_size: config.vocabSize, architectures: [architecture] };
  if (architecture !== 'GPT2LMHeadModel') hf.num_labels = task && task.kind !== 'multiple_choice' ? task.labels.length : 1;
  if (task) {
    if (task.kind !== 'multiple_choice') {
      hf.id2label = Object.fromEntries(task.labels.map((name, i) => [String(i), name]));
      hf.label2id = Object.fromEntries(task.labels.map((name, i) => [name, i]));
    }
    hf.gpt_lab_task = task.kind;
  }
  const metadata: Record<string, string> = { config: JSON.stringify(hf), tokenizer: JSON.stringify(tokenizer.toJSON()), format: 'pt' };
  if (opts.rewardStats) metadata.reward_stats = JSON.stringify(opts.rewardStats);
  return writeSafetensors(tensors, metadata);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`checkpoint: __metadata__.${what} is not valid JSON`);
  }
}

function readConfig(text: string | undefined): { config: ModelConfig; declared: string | undefined; hf: Record<string, unknown> } {
  if (!text) throw new Error('checkpoint: __metadata__ has no "config" (not a GPT Lab / GPT-2 checkpoint?)');
  const hf = parseJson(text, 'config') as Record<string, unknown> | null;
  if (!hf || typeof hf !== 'object' || Array.isArray(hf)) throw new Error('checkpoint: __metadata__.config must be a JSON object');
  // Each field is checked here, under the file's name for it, before validateModelConfig sees it.
  const config = {} as ModelConfig;
  for (const [k, name] of HF_NAMES) {
    const v = hf[name];
    if (v === undefined) throw new Error(`checkpoint: config has no ${name}`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`checkpoint: config ${name} must be a positive integer, got ${quote(v)}`);
    if (v > LIMITS[k]) throw new Error(`checkpoint: config ${name} = ${v} is above the largest supported (${LIMITS[k]})`);
    config[k] = v;
  }
  try {
    validateModelConfig(config); // n_embd divisible by n_head, head size
  } catch (e) {
    throw new Error(`checkpoint: ${(e as Error).message}`);
  }
  const archs = hf.architectures;
  if (archs === undefined || archs === null) return { config, declared: undefined, hf };
  if (!Array.isArray(archs) || typeof archs[0] !== 'string') {
    throw new Error(`checkpoint: config.architectures must be a list of model class names such as ["GPT2LMHeadModel"], got ${quote(archs)}`);
  }
  return { config, declared: archs[0], hf };
}

/** Throws unless the labels are 2..MAX_TASK_CLASSES distinct non-empty strings (none for multiple choice). */
function checkTaskLabels(task: TaskHeadInfo): void {
  if (task.kind === 'multiple_choice') {
    if (task.labels.length) throw new Error('checkpoint: a multiple-choice model has no class labels (its classes are each record\'s choices)');
    return;
  }
  const n = task.labels.length;
  if (n < 2 || n > MAX_TASK_CLASSES) throw new Error(`checkpoint: a ${task.kind} model needs 2 to ${MAX_TASK_CLASSES} labels, got ${n}`);
  const seen = new Set<string>();
  task.labels.forEach((l, i) => {
    if (typeof l !== 'string' || l === '' || l.length > MAX_LABEL_CHARS) throw new Error(`checkpoint: label ${i} must be a string of 1 to ${MAX_LABEL_CHARS} characters, got ${quote(l)}`);
    if (seen.has(l)) throw new Error(`checkpoint: label ${quote(l)} appears twice`);
    seen.add(l);
  });
}

/**
 * The task a config declares (`gpt_lab_task`, `num_labels`, `id2label`), checked against its architecture: a
 * GPT2DoubleHeadsModel is a multiple-choice model; a GPT2ForSequenceClassification without `gpt_lab_task` is a
 * reward model (num_labels 1), with it a classifier whose labels id2label lists.
 */
function readTask(hf: Record<string, unknown>, architecture: Architecture): TaskHeadInfo | undefined {
  const kind = hf.gpt_lab_task;
  if (kind !== undefined && !(typeof kind === 'string' && (TASK_KINDS as readonly string[]).includes(kind))) {
    throw new Error(`checkpoint: config gpt_lab_task must be one of ${TASK_KINDS.join(', ')}, got ${quote(kind)}`);
  }
  const numLabels = hf.num_labels;
  if (architecture === 'GPT2LMHeadModel') {
    if (kind !== undefined) throw new Error(`checkpoint: config gpt_lab_task is ${kind} but the architecture is GPT2LMHeadModel (a task model is ${taskArchitecture(kind as TaskKind)})`);
    return undefined;
  }
  if (architecture === 'GPT2DoubleHeadsModel') {
    if (kind !== undefined && kind !== 'multiple_choice') throw new Error(`checkpoint: config gpt_lab_task is ${kind}, but a GPT2DoubleHeadsModel is a multiple_choice model`);
    if (numLabels !== undefined && numLabels !== 1) throw new Error(`checkpoint: config num_labels of a GPT2DoubleHeadsModel must be 1 (one score per choice), got ${quote(numLabels)}`);
    return { kind: 'multiple_choice', labels: [] };
  }
  if (kind === undefined) {
    if (numLabels !== undefined && numLabels !== 1) {
      throw new Error(`checkpoint: config num_labels is ${quote(numLabels)} but there is no gpt_lab_task: a GPT2ForSequenceClassification with several labels needs its task kind (classification, entailment or similarity); a reward model has num_labels 1`);
    }
    return undefined;
  }
  if (kind === 'multiple_choice') throw new Error('checkpoint: config gpt_lab_task is multiple_choice, but a multiple-choice model is a GPT2DoubleHeadsModel, not a GPT2ForSequenceClassification');
  if (numLabels === undefined) throw new Error(`checkpoint: config has no num_labels (a ${kind} model has one per class)`);
  if (typeof numLabels !== 'number' || !Number.isInteger(numLabels) || numLabels < 2 || numLabels > MAX_TASK_CLASSES) {
    throw new Error(`checkpoint: config num_labels of a ${kind} model must be an integer from 2 to ${MAX_TASK_CLASSES}, got ${quote(numLabels)}`);
  }
  const id2label = hf.id2label;
  if (!id2label || typeof id2label !== 'object' || Array.isArray(id2label)) {
    throw new Error(`checkpoint: config id2label must be an object {"0": label, ...}, ${id2label === undefined ? 'and there is none' : `got ${quote(id2label)}`}`);
  }
  const labels: string[] = [];
  for (let i = 0; i < numLabels; i++) {
    const name = Object.prototype.hasOwnProperty.call(id2label, String(i)) ? (id2label as Record<string, unknown>)[String(i)] : undefined;
    if (typeof name !== 'string') throw new Error(`checkpoint: config id2label has no label for id ${i} (num_labels is ${numLabels})`);
    labels.push(name);
  }
  const task: TaskHeadInfo = { kind: kind as TaskKind, labels };
  checkTaskLabels(task);
  return task;
}

function readTokenizer(text: string | undefined): CharTokenizer {
  if (!text) throw new Error('checkpoint: __metadata__ has no "tokenizer"');
  const tok = parseJson(text, 'tokenizer') as { type?: string; vocab?: unknown; special?: unknown } | null;
  if (!tok || tok.type !== 'char' || !Array.isArray(tok.vocab)) throw new Error('checkpoint: tokenizer must be {"type":"char","vocab":[...]}');
  if (tok.special !== undefined && !Array.isArray(tok.special)) throw new Error('checkpoint: tokenizer "special" must be a list of token names');
  const special = (tok.special as unknown[] | undefined) ?? [];
  if (special.length > MAX_SPECIALS) throw new Error(`checkpoint: tokenizer has ${special.length} special tokens, more than the ${MAX_SPECIALS} supported`);
  // Non-strings are named here: CharTokenizer's messages would print them whole (JSON.stringify of anything).
  for (const [list, what] of [[tok.vocab, 'vocabulary entry'], [special, 'special token']] as const) {
    const i = list.findIndex((x) => typeof x !== 'string');
    if (i >= 0) throw new Error(`checkpoint: bad tokenizer: ${what} ${i} must be a string, got ${quote(list[i])}`);
  }
  try {
    return CharTokenizer.fromVocab(tok.vocab as string[], special as string[]);
  } catch (e) {
    throw new Error(`checkpoint: bad tokenizer: ${clip((e as Error).message)}`);
  }
}

/** A message from elsewhere that may quote a long string from the file, cut to a readable length. */
function clip(message: string, max = 200): string {
  return message.length > max ? `${message.slice(0, max)}…` : message;
}

export function decodeCheckpoint(bytes: Uint8Array): Gpt2Checkpoint {
  const { tensors, metadata } = readSafetensors(bytes);
  const { config, declared, hf } = readConfig(metadata.config);
  const tokenizer = readTokenizer(metadata.tokenizer);
  if (tokenizer.size !== config.vocabSize) throw new Error(`checkpoint: tokenizer has ${tokenizer.size} tokens but config.vocab_size is ${config.vocabSize}`);
  if (declared !== undefined && !(ARCHITECTURES as readonly string[]).includes(declared)) {
    throw new Error(`checkpoint: architecture ${quote(declared)} is not supported (${ARCHITECTURES.join(', ')})`);
  }
  const inferred: Architecture = tensors.has(`${MC_HEAD.name}.weight`) ? 'GPT2DoubleHeadsModel' : tensors.has(`${REWARD_HEAD.name}.weight`) ? 'GPT2ForSequenceClassification' : 'GPT2LMHeadModel';
  const architecture: Architecture = (declared as Architecture | undefined) ?? inferred;
  const task = readTask(hf, architecture);
  const layout = paramLayout(config, { heads: headsOf(architecture, task) });
  // Check every tensor against the layout before allocating the flat array (the header could claim anything).
  for (const s of layout.specs) {
    const t = tensors.get(s.name);
    if (!t) throw new Error(`checkpoint: missing tensor ${s.name}${s.group !== 'transformer' ? ` (a ${architecture} checkpoint has one)` : ''}`);
    if (t.shape.join(',') !== s.shape.join(',')) throw new Error(`checkpoint: ${s.name} has shape ${quote(t.shape)}, expected [${s.shape}]`);
  }
  if (layout.count * 4 > bytes.length) throw new Error(`checkpoint: the config needs ${layout.count} parameters but the file has only ${bytes.length} bytes`);
  const flat = new Float32Array(layout.total);
  for (const s of layout.specs) flat.set(tensors.get(s.name)!.data, s.offset);
  const out: Gpt2Checkpoint = { config, tokenizer, architecture, flat, layout };
  if (task) out.task = task;
  if (metadata.reward_stats) {
    const r = parseJson(metadata.reward_stats, 'reward_stats') as { mean?: unknown; std?: unknown };
    if (typeof r?.mean === 'number' && typeof r.std === 'number' && Number.isFinite(r.mean) && Number.isFinite(r.std) && r.std > 0) out.rewardStats = { mean: r.mean, std: r.std };
  }
  if (metadata[RUN_METADATA_KEY] !== undefined) out.run = readRun(metadata[RUN_METADATA_KEY]);
  return out;
}

function readRun(text: string): RunDescription {
  const value = parseJson(text, RUN_METADATA_KEY);
  try {
    return parseRunDescription(value);
  } catch (e) {
    throw new Error(`checkpoint: __metadata__.${RUN_METADATA_KEY}: ${clip((e as Error).message)}`);
  }
}

/** What a checkpoint is, for messages: "a language model (GPT2LMHeadModel)", "a reward model (…)", "a task model (…)". */
export function describeModel(ckpt: Gpt2Checkpoint): string {
  if (ckpt.task) {
    const classes = ckpt.task.kind === 'multiple_choice' ? 'multiple choice' : `${ckpt.task.kind} with ${ckpt.task.labels.length} labels`;
    return `a task model (${ckpt.architecture}, ${classes})`;
  }
  return ckpt.architecture === 'GPT2LMHeadModel' ? 'a language model (GPT2LMHeadModel)' : `a reward model (${ckpt.architecture})`;
}

/** Throws a clear error unless `ckpt` is a language model (`file` names it in the message). */
export function expectLanguageModel(ckpt: Gpt2Checkpoint, file: string): void {
  if (ckpt.architecture !== 'GPT2LMHeadModel') throw new Error(`${file} is ${describeModel(ckpt)}, but a language model (GPT2LMHeadModel) is expected here`);
}

/** Throws a clear error unless `ckpt` is a reward model (a GPT2ForSequenceClassification with one score, no task). */
export function expectRewardModel(ckpt: Gpt2Checkpoint, file: string): void {
  if (ckpt.architecture !== 'GPT2ForSequenceClassification' || ckpt.task) {
    throw new Error(`${file} is ${describeModel(ckpt)}, but a reward model (GPT2ForSequenceClassification with one score, made by npm run reward) is expected here`);
  }
}

/**
 * The checkpoint with special tokens it lacks added to its vocabulary (e.g. end of text for a checkpoint made
 * before it existed): wte grows by one row per token, initialised to the mean of the existing rows, so every
 * existing id keeps its embedding and behaviour on text without the new tokens is unchanged except through the
 * softmax's extra entries.
 */
export function withSpecialTokens(ckpt: Gpt2Checkpoint, names: readonly string[]): Gpt2Checkpoint {
  const tokenizer = ckpt.tokenizer.withSpecials(names);
  if (tokenizer === ckpt.tokenizer) return ckpt;
  const config = { ...ckpt.config, vocabSize: tokenizer.size };
  const layout = paramLayout(config, { heads: headsOf(ckpt.architecture, ckpt.task) });
  const flat = new Float32Array(layout.total);
  const C = config.nEmbd;
  const oldV = ckpt.config.vocabSize;
  for (const s of layout.specs) {
    const old = ckpt.layout.specs.find((o) => o.name === s.name)!;
    flat.set(ckpt.flat.subarray(old.offset, old.offset + old.length), s.offset);
    if (s.name === 'transformer.wte.weight') {
      for (let c = 0; c < C; c++) {
        let mean = 0;
        for (let v = 0; v < oldV; v++) mean += ckpt.flat[old.offset + v * C + c] / oldV;
        for (let v = oldV; v < tokenizer.size; v++) flat[s.offset + v * C + c] = mean;
      }
    }
  }
  return { ...ckpt, config, tokenizer, flat, layout };
}
