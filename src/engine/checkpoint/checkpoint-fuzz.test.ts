// Fuzzing decodeCheckpoint with seeded mutations of valid checkpoints (a language model, a reward model and GPT-1
// task models — a classifier and a multiple-choice model): bit
// flips, byte edits, truncation, extension, header-length edits, and header edits (tensor dtypes, shapes and
// offsets; extra, missing and renamed tensors; config values; tokenizer, reward statistics, the recorded run
// (gpt_lab_run) and metadata JSON).
// Every call must either return a checkpoint whose arrays agree with the file, or throw a plain Error whose short
// message starts with "checkpoint:" or "safetensors:" — never a TypeError or RangeError, never an allocation larger
// than the file warrants, never a slow call. Plus hand-made hostile headers that once hung or flooded the terminal.
import { describe, expect, it } from 'vitest';
import { validateModelConfig, type ModelConfig } from '../config';
import { CharTokenizer, DELIM, EOT, EXTRACT, START } from '../data/tokenizer';
import { paramLayout } from '../model/params';
import { Rng } from '../rng';
import { decodeCheckpoint, encodeCheckpoint, headsOf, type Architecture, type Gpt2Checkpoint, type TaskHeadInfo } from './gpt2-checkpoint';
import { readSafetensors, writeSafetensors } from './safetensors';
import { DEFAULT_TRAIN } from '../config';
import type { RunDescription } from '../export/run-description';
import { withRunMetadata } from '../export/run-metadata';

const MUTATIONS = 10_000;
const SEED = 7;
/** The engine pads each parameter tensor to 256 bytes; each tensor costs the file at least ~50 header bytes. */
const MAX_ALLOC_PER_FILE_BYTE = 6;
const SLOW_MS = 500; // a decode of these few-KB files takes well under 1 ms; a quadratic or worse path takes seconds

type Json = any; // headers are edited freely here, into anything

interface Base {
  name: string;
  bytes: Uint8Array;
  header: Json;
  data: Uint8Array;
}

/** The run a CLI checkpoint records (`gpt_lab_run`). */
const RUN: RunDescription = {
  format: 1, stage: 'pretrain', step: 5, train: DEFAULT_TRAIN, stageSettings: {}, data: { kind: 'text', file: '/data/corpus.txt' }, preset: 'tiny', source: 'cli',
};

function base(name: string, architecture: Architecture, config: ModelConfig, tokenizer: CharTokenizer, seed: number, task?: TaskHeadInfo, run?: RunDescription): Base {
  const layout = paramLayout(config, { heads: headsOf(architecture, task) });
  const rewardStats = architecture === 'GPT2ForSequenceClassification' && !task ? { mean: 0.25, std: 1.5 } : undefined;
  const plain = encodeCheckpoint(config, tokenizer, new Rng(seed).normals(layout.total), { architecture, rewardStats, task });
  const bytes = run ? withRunMetadata(plain, run) : plain;
  const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
  return { name, bytes, header, data: bytes.subarray(8 + headerLen) };
}

const BASES: Base[] = [
  base('lm', 'GPT2LMHeadModel', { nLayer: 2, nHead: 2, nEmbd: 8, blockSize: 8, vocabSize: 6 }, CharTokenizer.fromVocab(['a', 'b', 'c', 'd', 'e'], [EOT]), 1),
  base('rm', 'GPT2ForSequenceClassification', { nLayer: 1, nHead: 1, nEmbd: 4, blockSize: 4, vocabSize: 3 }, CharTokenizer.fromVocab(['x', 'é'], [EOT]), 2),
  base('lm-no-specials', 'GPT2LMHeadModel', { nLayer: 1, nHead: 2, nEmbd: 4, blockSize: 2, vocabSize: 2 }, CharTokenizer.fromVocab(['0', '1']), 3),
  base('classifier', 'GPT2ForSequenceClassification', { nLayer: 1, nHead: 1, nEmbd: 4, blockSize: 4, vocabSize: 5 }, CharTokenizer.fromVocab(['x', 'y'], [START, DELIM, EXTRACT]), 4, { kind: 'classification', labels: ['neg', 'neutral', 'pos'] }),
  base('multiple-choice', 'GPT2DoubleHeadsModel', { nLayer: 1, nHead: 1, nEmbd: 4, blockSize: 4, vocabSize: 5 }, CharTokenizer.fromVocab(['x', 'y'], [START, DELIM, EXTRACT]), 5, { kind: 'multiple_choice', labels: [] }),
  base('lm-with-run', 'GPT2LMHeadModel', { nLayer: 1, nHead: 2, nEmbd: 4, blockSize: 4, vocabSize: 4 }, CharTokenizer.fromVocab(['a', 'b', 'c'], [EOT]), 6, undefined, RUN),
];

/** Stands for an array nested 20 000 deep (JSON.parse reads it; JSON.stringify and String overflow the stack). */
const DEEP = 'DEEP\u0000';
const DEEP_JSON = '['.repeat(20_000) + ']'.repeat(20_000);
/** JSON text with every DEEP string replaced by the deep array. */
const stringify = (x: Json): string => JSON.stringify(x).replaceAll(JSON.stringify(DEEP), DEEP_JSON);

/** A header (object or raw JSON text) and a data section as a file; unpadded headers misalign the data. */
function assemble(header: Json, data: Uint8Array, rng: Rng): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : stringify(header));
  const len = rng.int(4) === 0 ? json.length : Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + len + data.length).fill(0x20, 8, 8 + len);
  new DataView(out.buffer).setBigUint64(0, BigInt(len), true);
  out.set(json, 8);
  out.set(data, 8 + len);
  return out;
}

const pick = <T,>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
const clone = (x: Json): Json => JSON.parse(JSON.stringify(x));

/** Values a hostile or corrupted header might hold. */
const WEIRD: readonly Json[] = [
  0, -1, 1, 3, 1.5, 2 ** 31, 2 ** 32 + 1, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, 5e-324, '8', '', 'F32', null, true, [], {}, [8], [[8]],
  { toString: 1 }, { valueOf: 1, toString: 1 }, ['GPT2LMHeadModel'], 'x'.repeat(5000), Array.from({ length: 3000 }, (_, i) => i), DEEP, [DEEP],
];
/** Raw JSON literals swapped for numbers in the header text (JSON.stringify cannot write some of them). */
const RAW: readonly string[] = ['-1', '1e400', '-1e400', '-0', '0.5', '9007199254740993', '1e-400', '18446744073709551616', '00', 'null', 'true', '""', '[]', '{}', '"\\u0000"', '4294967296', DEEP_JSON];

type Mutator = (b: Base, rng: Rng) => { bytes: Uint8Array; what: string };

const headerEnd = (b: Base) => b.bytes.length - b.data.length;

const byteMutators: Record<string, Mutator> = {
  bitFlips: (b, rng) => {
    const out = b.bytes.slice();
    const n = 1 + rng.int(16);
    const inHeader = rng.int(3) > 0; // the data section is just floats: flips there mostly decode fine
    for (let i = 0; i < n; i++) {
      const at = inHeader ? rng.int(headerEnd(b)) : rng.int(out.length);
      out[at] ^= 1 << rng.int(8);
    }
    return { bytes: out, what: `${n} bit flips${inHeader ? ' in the header' : ''}` };
  },
  byteEdits: (b, rng) => {
    const out = b.bytes.slice();
    const n = 1 + rng.int(4);
    for (let i = 0; i < n; i++) out[8 + rng.int(headerEnd(b) - 8)] = pick(rng, [0, 0xff, 0x80, 0xc3, 0x22, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x2d, 0x30, 0x39, 0x65, 0x20, 0x5c]);
    return { bytes: out, what: `${n} header bytes set` };
  },
  truncate: (b, rng) => {
    const at = rng.int(2) ? rng.int(b.bytes.length) : b.bytes.length - 1 - rng.int(16);
    return { bytes: b.bytes.slice(0, at), what: `truncated to ${at} of ${b.bytes.length} bytes` };
  },
  extend: (b, rng) => {
    const extra = new Uint8Array(1 + rng.int(64)).map(() => (rng.int(2) ? 0 : rng.int(256)));
    const out = new Uint8Array(b.bytes.length + extra.length);
    out.set(b.bytes);
    out.set(extra, b.bytes.length);
    return { bytes: out, what: `${extra.length} bytes appended` };
  },
  headerLength: (b, rng) => {
    const out = b.bytes.slice();
    const n = BigInt(headerEnd(b) - 8);
    const v = pick(rng, [0n, 1n, 7n, n - 1n, n + 1n, n - 8n, n + 8n, n + 4n, BigInt(out.length), 2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n, BigInt(rng.nextU32())]);
    new DataView(out.buffer).setBigUint64(0, v < 0n ? 0n : v, true);
    return { bytes: out, what: `header length set to ${v}` };
  },
  chunk: (b, rng) => {
    const at = rng.int(b.bytes.length);
    const len = 1 + rng.int(Math.min(256, b.bytes.length - at));
    if (rng.int(2)) return { bytes: new Uint8Array([...b.bytes.subarray(0, at), ...b.bytes.subarray(at + len)]), what: `${len} bytes cut at ${at}` };
    return { bytes: new Uint8Array([...b.bytes.subarray(0, at + len), ...b.bytes.subarray(at)]), what: `${len} bytes repeated at ${at}` };
  },
};

const tensorNames = (h: Json) => Object.keys(h).filter((k) => k !== '__metadata__');

const headerMutators: Record<string, (h: Json, b: Base, rng: Rng) => { header: Json; data?: Uint8Array; what: string }> = {
  tensorField: (h, _b, rng) => {
    const name = pick(rng, tensorNames(h));
    const t = h[name];
    const field = pick(rng, ['dtype', 'shape', 'data_offsets']);
    const [begin, end] = t.data_offsets;
    const s: number[] = t.shape;
    const derived: Record<string, Json[]> = {
      dtype: ['F16', 'BF16', 'F64', 'I64', 'U8', 'BOOL', 'f32', 'F32 '],
      shape: [[...s].reverse(), s.map((d) => d * 2), [...s, 1], s.slice(1), [s.reduce((a, x) => a * x, 1)], [-s[0], ...s.slice(1)], [2 ** 31, 2 ** 31], [2 ** 53, 0], [1e308, 1e308], [s[0] + 0.5]],
      data_offsets: [[end, begin], [begin - 4, end], [begin, end + 4], [begin + 4, end + 4], [0, 2 ** 53], [0, 1e300], [begin + 0.5, end], [begin], [begin, end, end], [-4, end]],
    };
    t[field] = rng.int(3) ? pick(rng, derived[field]) : pick(rng, WEIRD);
    return { header: h, what: `${name}.${field} = ${JSON.stringify(t[field])?.slice(0, 60)}` };
  },
  tensorSet: (h, b, rng) => {
    const names = tensorNames(h);
    const name = pick(rng, names);
    switch (rng.int(6)) {
      case 0:
        delete h[name];
        return { header: h, what: `tensor ${name} removed` };
      case 1: {
        const extra = pick(rng, ['score.weight', 'transformer.h.7.attn.c_attn.weight', 'lm_head.weight', '__proto__', 'constructor', '']);
        h[extra] = { dtype: 'F32', shape: [1, 1], data_offsets: [b.data.length, b.data.length + 4] };
        return { header: h, data: new Uint8Array([...b.data, 0, 0, 0x80, 0x3f]), what: `extra tensor "${extra}" added` };
      }
      case 2: {
        const other = pick(rng, names);
        [h[name].data_offsets, h[other].data_offsets] = [h[other].data_offsets, h[name].data_offsets];
        return { header: h, what: `offsets of ${name} and ${other} swapped` };
      }
      case 3: {
        const to = pick(rng, ['score.weight', 'transformer.wte.weight', name.toUpperCase(), 'x'.repeat(4000), 'transformer.h.0.ln_1.weight']);
        const t = h[name];
        delete h[name];
        h[to] = t;
        return { header: h, what: `tensor ${name} renamed to ${to.slice(0, 40)}` };
      }
      case 4: {
        const shift = pick(rng, [4, -4, 8, 1]);
        for (const n of names) h[n].data_offsets = h[n].data_offsets.map((o: number) => o + shift);
        return { header: h, what: `every offset shifted by ${shift}` };
      }
      default:
        return { header: h, data: b.data.subarray(0, b.data.length - 4 * (1 + rng.int(8))), what: 'data section shortened, header kept' };
    }
  },
  config: (h, _b, rng) => {
    const c = JSON.parse(h.__metadata__.config);
    const key = pick(rng, ['n_layer', 'n_head', 'n_embd', 'n_positions', 'vocab_size', 'architectures', 'num_labels', 'gpt_lab_task', 'id2label']);
    const derived: Json[] = [
      (c[key] ?? 1) + 1, (c[key] ?? 1) - 1, (c[key] ?? 1) * 2, 3, 129, 1_000_000, 1_000_001, 16_384, 65_537,
      [], [null], [{}], [{ toString: 1 }], 'GPT2LMHeadModel', ['GPT2ForSequenceClassification'], ['GPT2LMHeadModel'], ['GPT2DoubleHeadsModel'], ['BertModel'], [1], [['x']],
      'classification', 'multiple_choice', 'similarity', { 0: 'a', 1: 'a', 2: 'b' }, { 0: 'a', 1: 'b' }, { 0: 'a', 1: 'b', 2: 7 }, { 0: 'x'.repeat(300), 1: 'b', 2: 'c' }, { 0: DEEP, 1: 'b', 2: 'c' },
    ];
    const v = rng.int(2) ? pick(rng, derived) : pick(rng, WEIRD);
    if (rng.int(8) === 0) delete c[key];
    else c[key] = v;
    h.__metadata__.config = stringify(c);
    return { header: h, what: `config ${h.__metadata__.config.slice(0, 120)}` };
  },
  configText: (h, _b, rng) => {
    const text: string = h.__metadata__.config;
    h.__metadata__.config = pick(rng, [text.slice(0, rng.int(text.length)), 'null', '[]', '5', '"x"', '{', '', `${text} x`, text.replace(/:/g, '=')]);
    return { header: h, what: `config text ${JSON.stringify(h.__metadata__.config).slice(0, 80)}` };
  },
  tokenizer: (h, _b, rng) => {
    const t = JSON.parse(h.__metadata__.tokenizer);
    const vocab: Json[] = t.vocab;
    switch (rng.int(8)) {
      case 0:
        t.type = pick(rng, ['bpe', null, 1, 'CHAR']);
        break;
      case 1:
        t.vocab = rng.int(2) ? pick(rng, WEIRD) : pick(rng, [[], [...vocab, vocab[0]], [...vocab, 'zz'], vocab.slice(1), [...vocab, 'q'], [...vocab.slice(0, -1), 7], [...vocab, null], ['\ud800', ...vocab.slice(1)], [...vocab.slice(0, -1), DEEP], [...vocab.slice(0, -1), 'y'.repeat(3000)]]);
        break;
      case 2:
        t.special = rng.int(2) ? pick(rng, WEIRD) : pick(rng, [[], [EOT, EOT], ['eot'], [EOT, '<|pad|>'], [1], [null], ['<|x|>'], [DEEP], ['<|' + 'z'.repeat(3000)]]);
        break;
      case 3:
        delete t[pick(rng, ['type', 'vocab', 'special'])];
        break;
      default: {
        const text = JSON.stringify(t);
        h.__metadata__.tokenizer = pick(rng, [text.slice(0, rng.int(text.length)), 'null', '[]', '"char"', '', '{"type":"char","vocab":"abc"}', text.replace('"vocab"', '"vocab":[],"x"')]);
        return { header: h, what: `tokenizer text ${JSON.stringify(h.__metadata__.tokenizer).slice(0, 80)}` };
      }
    }
    h.__metadata__.tokenizer = stringify(t);
    return { header: h, what: `tokenizer ${h.__metadata__.tokenizer.slice(0, 80)}` };
  },
  rewardStats: (h, _b, rng) => {
    h.__metadata__.reward_stats = pick(rng, ['{', 'null', '5', '"x"', '[]', '{"mean":"x","std":1}', '{"mean":1,"std":-1}', '{"mean":1,"std":0}', '{"mean":1e400,"std":1}', '{"mean":1}', '{"mean":0,"std":1e-45}']);
    return { header: h, what: `reward_stats ${h.__metadata__.reward_stats}` };
  },
  run: (h, _b, rng) => {
    const r = h.__metadata__.gpt_lab_run ? JSON.parse(h.__metadata__.gpt_lab_run) : clone(RUN);
    if (rng.int(4) === 0) {
      const text = JSON.stringify(r);
      h.__metadata__.gpt_lab_run = pick(rng, [text.slice(0, rng.int(text.length)), 'null', '[]', '5', '', `${text} x`, text.replace('"train"', '"train":{},"x"')]);
      return { header: h, what: `gpt_lab_run text ${JSON.stringify(h.__metadata__.gpt_lab_run).slice(0, 80)}` };
    }
    const path = pick(rng, [['format'], ['stage'], ['step'], ['source'], ['preset'], ['train'], ['train', 'lr'], ['train', 'batchSize'], ['train', 'steps'], ['stageSettings'], ['stageSettings', 'lambda'], ['stageSettings', 'valFraction'], ['data'], ['data', 'kind'], ['data', 'file']]);
    const parent = path.length === 1 ? r : (r[path[0]] ??= {});
    if (rng.int(8) === 0) delete parent[path[path.length - 1]];
    else parent[path[path.length - 1]] = pick(rng, [...WEIRD, 'sft', 'reward', 'lab', 'sft-jsonl', 'ranked-jsonl', 0.5, 1e9 + 1]);
    h.__metadata__.gpt_lab_run = stringify(r);
    return { header: h, what: `gpt_lab_run ${path.join('.')} ${h.__metadata__.gpt_lab_run.slice(0, 100)}` };
  },
  metadata: (h, _b, rng) => {
    switch (rng.int(4)) {
      case 0:
        delete h.__metadata__;
        return { header: h, what: '__metadata__ removed' };
      case 1:
        h.__metadata__ = pick(rng, WEIRD);
        return { header: h, what: `__metadata__ = ${JSON.stringify(h.__metadata__)?.slice(0, 60)}` };
      case 2: {
        const key = pick(rng, ['config', 'tokenizer', 'format']);
        delete h.__metadata__[key];
        return { header: h, what: `metadata ${key} removed` };
      }
      default: {
        const key = pick(rng, ['config', 'tokenizer', 'reward_stats', 'gpt_lab_run', 'format', '__proto__']);
        h.__metadata__[key] = pick(rng, WEIRD);
        return { header: h, what: `metadata ${key} = ${JSON.stringify(h.__metadata__[key])?.slice(0, 60)}` };
      }
    }
  },
  topLevel: (_h, _b, rng) => {
    const h = pick(rng, ['[]', 'null', '5', '"x"', '{}', '[{}]', '['.repeat(5000) + ']'.repeat(5000), '{"a":' + '['.repeat(100_000)]);
    return { header: h, what: `header JSON ${h.slice(0, 40)}` };
  },
  numberText: (h, _b, rng) => {
    const text = JSON.stringify(h);
    const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][-+]?\d+)?/g)];
    const m = pick(rng, numbers);
    const raw = pick(rng, RAW);
    return { header: text.slice(0, m.index) + raw + text.slice(m.index! + m[0].length), what: `number ${m[0]} at ${m.index} in the header text → ${raw.slice(0, 24)}` };
  },
};

function mutate(rng: Rng): { bytes: Uint8Array; what: string; kind: string } {
  const b = pick(rng, BASES);
  const structured = rng.int(3) > 0;
  const kind = structured ? pick(rng, Object.keys(headerMutators)) : pick(rng, Object.keys(byteMutators));
  let m: { bytes: Uint8Array; what: string };
  if (structured) {
    const e = headerMutators[kind](clone(b.header), b, rng);
    m = { bytes: assemble(e.header, e.data ?? b.data, rng), what: e.what };
  } else {
    m = byteMutators[kind](b, rng);
  }
  // Now and then a second, byte-level fault on top.
  if (rng.int(6) === 0) {
    const second = pick(rng, ['bitFlips', 'truncate', 'extend']);
    const n = byteMutators[second]({ ...b, bytes: m.bytes, data: m.bytes.subarray(Math.min(m.bytes.length, headerEnd(b))) }, rng);
    m = { bytes: n.bytes, what: `${m.what}; then ${n.what}` };
  }
  return { ...m, what: `${b.name}: ${m.what}`, kind };
}

/** The largest Float32Array the decoder allocates (views over the file, and unaligned copies of a tensor, are bounded by it). */
function watchAllocations<T>(f: () => T): { result: T; largest: number } {
  const Real = globalThis.Float32Array;
  let largest = 0;
  globalThis.Float32Array = new Proxy(Real, {
    construct(target, args, newTarget) {
      const a = args[0];
      const bytes = typeof a === 'number' ? a * 4 : a instanceof ArrayBuffer ? 0 : typeof a?.length === 'number' ? a.length * 4 : 0;
      largest = Math.max(largest, bytes);
      return Reflect.construct(target, args, newTarget);
    },
  });
  try {
    return { result: f(), largest };
  } finally {
    globalThis.Float32Array = Real;
  }
}

/** What is wrong with a decoded checkpoint, if anything: every array must agree with the file. */
function inconsistency(ck: Gpt2Checkpoint, bytes: Uint8Array): string | undefined {
  try {
    validateModelConfig(ck.config);
  } catch (e) {
    return `returned an invalid config: ${(e as Error).message}`;
  }
  if (ck.tokenizer.size !== ck.config.vocabSize) return `tokenizer has ${ck.tokenizer.size} tokens, config ${ck.config.vocabSize}`;
  const layout = paramLayout(ck.config, { heads: headsOf(ck.architecture, ck.task) });
  if (JSON.stringify(layout.specs) !== JSON.stringify(ck.layout.specs)) return 'layout differs from the config';
  if (ck.flat.length !== layout.total) return `flat has ${ck.flat.length} values, layout ${layout.total}`;
  if (layout.count * 4 > bytes.length) return `${layout.count} parameters from a ${bytes.length}-byte file`;
  const { tensors } = readSafetensors(bytes);
  for (const s of layout.specs) {
    const t = tensors.get(s.name)!;
    const got = new Uint8Array(ck.flat.buffer, ck.flat.byteOffset + s.offset * 4, s.length * 4);
    if (Buffer.compare(got, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)) !== 0) return `${s.name} differs from the file`;
  }
  if (ck.rewardStats && !(Number.isFinite(ck.rewardStats.mean) && ck.rewardStats.std > 0 && Number.isFinite(ck.rewardStats.std))) return `bad rewardStats ${JSON.stringify(ck.rewardStats)}`;
  return undefined;
}

/** What is wrong with an error thrown by the decoder, if anything. */
function badError(e: unknown): string | undefined {
  if (!(e instanceof Error)) return `threw a non-Error: ${String(e)}`;
  if (e.constructor !== Error) return `threw a ${e.constructor.name}: ${e.message}`;
  if (!/^(checkpoint|safetensors): \S/.test(e.message)) return `message without a clear prefix: ${e.message}`;
  if (e.message.length > 400) return `a ${e.message.length}-character message: ${e.message.slice(0, 120)}…`;
  if (/\bundefined\b|\bNaN\b|\[object Object\]/.test(e.message)) return `unclear message: ${e.message}`;
  return undefined;
}

describe('decodeCheckpoint on mutated checkpoints', () => {
  it('the valid bases decode', () => {
    for (const b of BASES) expect(inconsistency(decodeCheckpoint(b.bytes), b.bytes), b.name).toBeUndefined();
  });

  it(`never crashes, hangs or over-allocates on ${MUTATIONS} seeded mutations`, () => {
    const rng = new Rng(SEED);
    const problems = new Map<string, string>(); // problem → first mutation that showed it
    const outcomes = { decoded: 0, rejected: 0 };
    const kinds = new Map<string, number>();
    let slowest = 0;
    let largestSeen = 0; // proves the allocation watcher sees the decoder's allocations
    for (let i = 0; i < MUTATIONS; i++) {
      const m = mutate(rng);
      kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
      const t0 = performance.now();
      let problem: string | undefined;
      try {
        const { result, largest } = watchAllocations(() => {
          try {
            return { ck: decodeCheckpoint(m.bytes) };
          } catch (e) {
            return { error: e };
          }
        });
        largestSeen = Math.max(largestSeen, largest);
        if (largest > MAX_ALLOC_PER_FILE_BYTE * m.bytes.length) problem = `allocated ${largest} bytes for a ${m.bytes.length}-byte file`;
        else if ('ck' in result) problem = inconsistency(result.ck!, m.bytes);
        else problem = badError(result.error);
        if ('ck' in result) outcomes.decoded++;
        else outcomes.rejected++;
      } catch (e) {
        problem = `the check itself failed: ${(e as Error).message}`;
      }
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      if (ms > SLOW_MS) problem ??= `took ${ms.toFixed(0)} ms`;
      if (problem) {
        const key = problem.replace(/\d+/g, 'N').slice(0, 100);
        if (!problems.has(key)) problems.set(key, `#${i} ${m.what} → ${problem}`);
      }
    }
    console.log(
      `checkpoint-fuzz: ${MUTATIONS} mutations (seed ${SEED}): ${outcomes.decoded} decoded consistently, ${outcomes.rejected} rejected; ` +
        `slowest ${slowest.toFixed(1)} ms; largest allocation ${largestSeen} bytes; by kind ${JSON.stringify(Object.fromEntries([...kinds].sort()))}`,
    );
    expect([...problems.values()]).toEqual([]);
    expect(largestSeen).toBeGreaterThanOrEqual(Math.min(...BASES.map((b) => decodeCheckpoint(b.bytes).flat.byteLength)));
    expect(outcomes.rejected).toBeGreaterThan(MUTATIONS / 2); // the mutations do reach the checks
  });
});

describe('decodeCheckpoint on hostile headers', () => {
  const cfg = (o: Record<string, unknown>) => JSON.stringify({ n_layer: 1, n_head: 1, n_embd: 4, n_positions: 4, vocab_size: 3, ...o });
  const tok = (o: Record<string, unknown>) => JSON.stringify({ type: 'char', vocab: ['a', 'b'], ...o });
  const decode = (metadata: Record<string, string>) => () => decodeCheckpoint(writeSafetensors([], metadata));

  it('refuses tens of thousands of special tokens quickly (the duplicate check is quadratic)', () => {
    const names = Array.from({ length: 60_000 }, (_, i) => `<|${i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[+d])}|>`);
    const t0 = performance.now();
    expect(decode({ config: cfg({ vocab_size: 60_002 }), tokenizer: tok({ special: names }) })).toThrow(/^checkpoint: tokenizer has 60000 special tokens, more than the 1024 supported$/);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('keeps error messages short when the header echoes something huge', () => {
    const messageOf = (header: Json): string => {
      try {
        decodeCheckpoint(assemble(header, new Uint8Array(4), new Rng(1)));
      } catch (e) {
        return (e as Error).message;
      }
      return 'decoded';
    };
    const longShape = [...Array.from({ length: 100_000 }, () => 1), -1];
    expect(messageOf({ ['t'.repeat(100_000)]: { dtype: 'F32', shape: longShape, data_offsets: [0, 4] } })).toBe(
      `safetensors: tensor "${'t'.repeat(79)}…: invalid shape [${'1,'.repeat(29)}1…`,
    );
    expect(messageOf({ t: { dtype: DEEP, shape: [1], data_offsets: [0, 4] } })).toBe('safetensors: tensor "t": dtype […] (nested too deeply to show) is not supported (only F32)');
    expect(messageOf({ t: { shape: [1], data_offsets: [0, 4] } })).toBe('safetensors: tensor "t": has no dtype');
  });

  it('names a bad architectures list instead of failing on it', () => {
    const said = 'checkpoint: config.architectures must be a list of model class names such as ["GPT2LMHeadModel"], got';
    expect(decode({ config: cfg({ architectures: [{ toString: 1 }] }), tokenizer: tok({ special: [EOT] }) })).toThrow(`${said} [{"toString":1}]`);
    expect(decode({ config: cfg({ architectures: [] }), tokenizer: tok({ special: [EOT] }) })).toThrow(`${said} []`);
  });

  it('names config fields as the file does, whatever they hold', () => {
    expect(decode({ config: cfg({ n_head: '2' }), tokenizer: tok({}) })).toThrow(/^checkpoint: config n_head must be a positive integer, got "2"$/);
    expect(decode({ config: cfg({ n_embd: undefined }), tokenizer: tok({}) })).toThrow(/^checkpoint: config has no n_embd$/);
    expect(decode({ config: cfg({ n_embd: 1e308 }), tokenizer: tok({}) })).toThrow(/^checkpoint: config n_embd = 1e\+308 is above the largest supported \(16384\)$/);
    expect(decode({ config: cfg({ n_head: 3 }), tokenizer: tok({}) })).toThrow(/^checkpoint: model config: nEmbd \(4\) must be divisible by nHead \(3\)$/);
    expect(decode({ config: cfg({}), tokenizer: tok({ vocab: ['a', 'b', DEEP] }).replace(JSON.stringify(DEEP), DEEP_JSON) })).toThrow(
      'checkpoint: bad tokenizer: vocabulary entry 2 must be a string, got […] (nested too deeply to show)',
    );
  });
});
