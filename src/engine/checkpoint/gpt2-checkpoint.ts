// GPT-2 checkpoints as .safetensors with Hugging Face tensor names and layouts (F32): a language model as
// GPT2LMHeadModel (transformer.*; the LM head is tied to wte), a reward model as GPT2ForSequenceClassification
// (transformer.* + score.weight (1, C)). `__metadata__` holds {config: GPT2Config-style JSON with `architectures`,
// tokenizer: {"type":"char","vocab":[...],"special":[...]}} and, for a reward model, the reward normalisation.
// Everything a header claims is checked (config ranges, tokenizer, tensor sizes against the file) before any
// parameter array is allocated, and every message quotes the file briefly. Tested by gpt2-checkpoint.test.ts and
// checkpoint-fuzz.test.ts (thousands of mutated checkpoints, hostile headers).

import type { ModelConfig } from '../config';
import { validateModelConfig } from '../config';
import { CharTokenizer } from '../data/tokenizer';
import { paramLayout, type HeadDef, type ParamLayout } from '../model/params';
import { quote, readSafetensors, writeSafetensors, type NamedTensor } from './safetensors';

export type Architecture = 'GPT2LMHeadModel' | 'GPT2ForSequenceClassification';

/** The reward model's scalar head (HF GPT2ForSequenceClassification with num_labels = 1: no bias). */
export const REWARD_HEAD: HeadDef = { name: 'score', bias: false };

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
}

export function headsOf(architecture: Architecture): HeadDef[] {
  return architecture === 'GPT2ForSequenceClassification' ? [REWARD_HEAD] : [];
}

export interface EncodeOptions {
  architecture?: Architecture;
  rewardStats?: { mean: number; std: number };
}

/** `flat` laid out by paramLayout(config, {heads: headsOf(architecture)}) (frozen groups do not change names). */
export function encodeCheckpoint(config: ModelConfig, tokenizer: CharTokenizer, flat: Float32Array, opts: EncodeOptions = {}, layout?: ParamLayout): Uint8Array {
  const architecture = opts.architecture ?? 'GPT2LMHeadModel';
  const l = layout ?? paramLayout(config, { heads: headsOf(architecture) });
  if (flat.length !== l.total) throw new Error(`checkpoint: ${flat.length} parameter values, layout needs ${l.total}`);
  const tensors: NamedTensor[] = l.specs.map((s) => ({ name: s.name, shape: s.shape, data: flat.slice(s.offset, s.offset + s.length) }));
  const hf: HfConfig = { n_layer: config.nLayer, n_head: config.nHead, n_embd: config.nEmbd, n_positions: config.blockSize, vocab_size: config.vocabSize, architectures: [architecture] };
  if (architecture === 'GPT2ForSequenceClassification') hf.num_labels = 1;
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

function readConfig(text: string | undefined): { config: ModelConfig; declared: string | undefined } {
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
  if (archs === undefined || archs === null) return { config, declared: undefined };
  if (!Array.isArray(archs) || typeof archs[0] !== 'string') {
    throw new Error(`checkpoint: config.architectures must be a list of model class names such as ["GPT2LMHeadModel"], got ${quote(archs)}`);
  }
  return { config, declared: archs[0] };
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
  const { config, declared } = readConfig(metadata.config);
  const tokenizer = readTokenizer(metadata.tokenizer);
  if (tokenizer.size !== config.vocabSize) throw new Error(`checkpoint: tokenizer has ${tokenizer.size} tokens but config.vocab_size is ${config.vocabSize}`);
  const hasScore = tensors.has(`${REWARD_HEAD.name}.weight`);
  if (declared !== undefined && declared !== 'GPT2LMHeadModel' && declared !== 'GPT2ForSequenceClassification') {
    throw new Error(`checkpoint: architecture ${quote(declared)} is not supported (GPT2LMHeadModel or GPT2ForSequenceClassification)`);
  }
  const architecture: Architecture = (declared as Architecture | undefined) ?? (hasScore ? 'GPT2ForSequenceClassification' : 'GPT2LMHeadModel');
  const layout = paramLayout(config, { heads: headsOf(architecture) });
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
  if (metadata.reward_stats) {
    const r = parseJson(metadata.reward_stats, 'reward_stats') as { mean?: unknown; std?: unknown };
    if (typeof r?.mean === 'number' && typeof r.std === 'number' && Number.isFinite(r.mean) && r.std > 0) out.rewardStats = { mean: r.mean, std: r.std };
  }
  return out;
}

/** Throws a clear error unless `ckpt` is a language model (`file` names it in the message). */
export function expectLanguageModel(ckpt: Gpt2Checkpoint, file: string): void {
  if (ckpt.architecture !== 'GPT2LMHeadModel') throw new Error(`${file} is a reward model (${ckpt.architecture}), but a language model (GPT2LMHeadModel) is expected here`);
}

/** Throws a clear error unless `ckpt` is a reward model. */
export function expectRewardModel(ckpt: Gpt2Checkpoint, file: string): void {
  if (ckpt.architecture !== 'GPT2ForSequenceClassification') throw new Error(`${file} is a language model (${ckpt.architecture}), but a reward model (GPT2ForSequenceClassification, made by npm run reward) is expected here`);
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
  const layout = paramLayout(config, { heads: headsOf(ckpt.architecture) });
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
