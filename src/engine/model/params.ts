// Parameter layout: every parameter of a model — the GPT-2 trunk (named and shaped exactly as Hugging Face
// GPT2LMHeadModel; the LM head is tied to wte) and its scalar heads (`score`, `v_head.summary`, …, each with K
// outputs: weight (K, C), bias (K)) — as a named view into ONE flat buffer, so AdamW, gradient-norm clipping and
// zeroing each run over one range.
// Groups: `transformer` and one per head. Trainable 2-D weights come first, trainable 1-D parameters next (so
// weight decay applies to one contiguous prefix), frozen groups last (outside the optimizer's range).
// Tested by params.test.ts and by the golden-fixture tests (which load HF-named tensors through this).

import type { ModelConfig } from '../config';
import type { GpuContext } from '../../kernels/runtime/context';
import { alignUp, BINDING_ALIGN, type Tensor } from '../../kernels/runtime/tensor';

export interface ParamSpec {
  /** Hugging Face name, e.g. `transformer.h.0.attn.c_attn.weight`. */
  name: string;
  shape: number[];
  /** Element offset in the flat buffer (a multiple of 64, i.e. 256 bytes). */
  offset: number;
  length: number;
  /** Weight decay applies (2-D weights). */
  decay: boolean;
  /** `transformer` or the head's name. */
  group: string;
}

/** A scalar head with K = `outputs` outputs: `${name}.weight` (K, C) and, with `bias`, `${name}.bias` (K) — the
 *  nn.Linear layout. HF GPT2ForSequenceClassification's `score` ((num_labels, C)) has no bias; TRL's value head
 *  `v_head.summary` (K = 1) has one. */
export interface HeadDef {
  name: string;
  bias: boolean;
  /** K, the outputs per row read (default 1: a reward model's score, a value). */
  outputs?: number;
}

export interface LayoutOptions {
  heads?: readonly HeadDef[];
  /** Groups the optimizer leaves alone (placed after `trainableEnd`). */
  frozen?: readonly string[];
}

export const TRUNK_GROUP = 'transformer';

export interface ParamLayout {
  specs: ParamSpec[];
  /** Total elements including alignment padding. */
  total: number;
  /** Elements [0, decayEnd) hold the decayed 2-D weights. */
  decayEnd: number;
  /** Elements [0, trainableEnd) are updated by the optimizer; the rest belong to frozen groups. */
  trainableEnd: number;
  heads: readonly HeadDef[];
  /** Parameter count without padding. */
  count: number;
}

/** Per-block parameters, llm.c ParameterTensors style. */
export interface BlockParams {
  ln1w: Tensor; ln1b: Tensor; // (C)
  qkvw: Tensor; qkvb: Tensor; // (C,3C) (3C)
  attprojw: Tensor; attprojb: Tensor; // (C,C) (C)
  ln2w: Tensor; ln2b: Tensor; // (C)
  fcw: Tensor; fcb: Tensor; // (C,4C) (4C)
  fcprojw: Tensor; fcprojb: Tensor; // (4C,C) (C)
}

export interface HeadParams {
  weight: Tensor; // (K,C)
  bias: Tensor | null; // (K)
}

export interface ParamTensors {
  /** Scalar heads by name. */
  heads: Record<string, HeadParams>;
  wte: Tensor; // (V,C)
  wpe: Tensor; // (maxT,C)
  blocks: BlockParams[];
  lnfw: Tensor; lnfb: Tensor; // (C)
  /** The whole flat buffer as one tensor. */
  all: Tensor;
}

const ALIGN = BINDING_ALIGN / 4;

type Entry = [name: string, shape: number[], group: string];

/** The HF tensor list of a GPT-2 model (and its heads), in the order the flat buffer holds them. */
export function paramLayout(cfg: ModelConfig, opts: LayoutOptions = {}): ParamLayout {
  const { nLayer: L, nEmbd: C, blockSize: T, vocabSize: V } = cfg;
  const heads = opts.heads ?? [];
  const frozen = new Set(opts.frozen ?? []);
  const groups = new Set([TRUNK_GROUP, ...heads.map((h) => h.name)]);
  if (groups.size !== heads.length + 1) throw new Error(`paramLayout: head names must be distinct and not "${TRUNK_GROUP}" (got ${heads.map((h) => h.name).join(', ')})`);
  for (const g of frozen) if (!groups.has(g)) throw new Error(`paramLayout: cannot freeze unknown group "${g}"`);
  for (const h of heads) {
    const K = h.outputs ?? 1;
    if (!Number.isInteger(K) || K < 1) throw new Error(`paramLayout: head "${h.name}" has outputs=${h.outputs}; give a positive integer (or leave it out for 1)`);
  }
  const g = TRUNK_GROUP;
  const weights: Entry[] = [['transformer.wte.weight', [V, C], g], ['transformer.wpe.weight', [T, C], g]];
  const vectors: Entry[] = [];
  for (let l = 0; l < L; l++) {
    const h = `transformer.h.${l}`;
    weights.push([`${h}.attn.c_attn.weight`, [C, 3 * C], g], [`${h}.attn.c_proj.weight`, [C, C], g], [`${h}.mlp.c_fc.weight`, [C, 4 * C], g], [`${h}.mlp.c_proj.weight`, [4 * C, C], g]);
    vectors.push(
      [`${h}.ln_1.weight`, [C], g], [`${h}.ln_1.bias`, [C], g], [`${h}.attn.c_attn.bias`, [3 * C], g], [`${h}.attn.c_proj.bias`, [C], g],
      [`${h}.ln_2.weight`, [C], g], [`${h}.ln_2.bias`, [C], g], [`${h}.mlp.c_fc.bias`, [4 * C], g], [`${h}.mlp.c_proj.bias`, [C], g],
    );
  }
  vectors.push(['transformer.ln_f.weight', [C], g], ['transformer.ln_f.bias', [C], g]);
  for (const head of heads) {
    const K = head.outputs ?? 1;
    weights.push([`${head.name}.weight`, [K, C], head.name]);
    if (head.bias) vectors.push([`${head.name}.bias`, [K], head.name]);
  }
  const specs: ParamSpec[] = [];
  let offset = 0;
  let count = 0;
  const add = ([name, shape, group]: Entry, decay: boolean) => {
    const length = shape.reduce((a, b) => a * b, 1);
    specs.push({ name, shape, offset, length, decay, group });
    offset = alignUp(offset + length, ALIGN);
    count += length;
  };
  const trainable = (e: Entry) => !frozen.has(e[2]);
  weights.filter(trainable).forEach((w) => add(w, true));
  const decayEnd = offset;
  vectors.filter(trainable).forEach((v) => add(v, false));
  const trainableEnd = offset;
  [...weights, ...vectors].filter((e) => !trainable(e)).forEach((e) => add(e, false));
  return { specs, total: offset, decayEnd, trainableEnd, count, heads };
}

/** Views into `buffer` (laid out by `layout`) under llm.c-style field names. */
export function paramViews(buffer: GPUBuffer, layout: ParamLayout, cfg: ModelConfig, prefix: string): ParamTensors {
  const byName = new Map(layout.specs.map((s) => [s.name, s]));
  const view = (name: string): Tensor => {
    const s = byName.get(name);
    if (!s) throw new Error(`no parameter ${name}`);
    return { label: `${prefix}${name}`, buffer, offset: s.offset * 4, length: s.length, shape: s.shape, dtype: 'f32' };
  };
  const heads: Record<string, HeadParams> = {};
  for (const h of layout.heads) heads[h.name] = { weight: view(`${h.name}.weight`), bias: h.bias ? view(`${h.name}.bias`) : null };
  const blocks: BlockParams[] = [];
  for (let l = 0; l < cfg.nLayer; l++) {
    const h = `transformer.h.${l}`;
    blocks.push({
      ln1w: view(`${h}.ln_1.weight`), ln1b: view(`${h}.ln_1.bias`),
      qkvw: view(`${h}.attn.c_attn.weight`), qkvb: view(`${h}.attn.c_attn.bias`),
      attprojw: view(`${h}.attn.c_proj.weight`), attprojb: view(`${h}.attn.c_proj.bias`),
      ln2w: view(`${h}.ln_2.weight`), ln2b: view(`${h}.ln_2.bias`),
      fcw: view(`${h}.mlp.c_fc.weight`), fcb: view(`${h}.mlp.c_fc.bias`),
      fcprojw: view(`${h}.mlp.c_proj.weight`), fcprojb: view(`${h}.mlp.c_proj.bias`),
    });
  }
  return {
    heads,
    wte: view('transformer.wte.weight'),
    wpe: view('transformer.wpe.weight'),
    blocks,
    lnfw: view('transformer.ln_f.weight'),
    lnfb: view('transformer.ln_f.bias'),
    all: { label: `${prefix}all`, buffer, offset: 0, length: layout.total, shape: [layout.total], dtype: 'f32' },
  };
}

/** Allocates a flat buffer for the layout and returns its views. */
export function allocParams(ctx: GpuContext, layout: ParamLayout, cfg: ModelConfig, label: string): ParamTensors {
  const buffer = ctx.buffer(label, layout.total * 4);
  return paramViews(buffer, layout, cfg, `${label}.`);
}

/**
 * GPT-2 initialization into a flat host array: weights N(0, 0.02) (head weights too), residual projections
 * (attn.c_proj and mlp.c_proj weights) N(0, 0.02/sqrt(2L)), biases 0, LayerNorm weight 1 and bias 0.
 */
export function initParams(layout: ParamLayout, cfg: ModelConfig, normal: () => number): Float32Array {
  const flat = new Float32Array(layout.total);
  const residualStd = 0.02 / Math.sqrt(2 * cfg.nLayer);
  for (const s of layout.specs) {
    const dst = flat.subarray(s.offset, s.offset + s.length);
    if (s.shape.length === 2) {
      const std = /\.c_proj\.weight$/.test(s.name) ? residualStd : 0.02;
      for (let i = 0; i < s.length; i++) dst[i] = normal() * std;
    } else if (/\.ln_\w+\.weight$/.test(s.name)) {
      dst.fill(1);
    }
  }
  return flat;
}
