// The exported folder's files, stage by stage: config.json and generation_config.json in GPT2Config's names (a
// reward model as GPT2ForSequenceClassification with num_labels 1 and the pad token; task models with their labels),
// model.safetensors byte for byte what encodeCheckpoint writes (also from a CLI checkpoint that records its run),
// gpt_lab_run.json with the data's path inside the folder, the data, train_ddp.py verbatim, a README with the
// torchrun commands, optimizer.safetensors round trips, and the refusals (wrong model for the stage, data the
// stage cannot read, moments without a run).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, headsOf, type Architecture, type EncodeOptions, type Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import { readSafetensors, writeSafetensors, type NamedTensor } from '../checkpoint/safetensors';
import { DEFAULT_TRAIN } from '../config';
import { CharTokenizer, DELIM, EOT, EXTRACT, START } from '../data/tokenizer';
import { paramLayout } from '../model/params';
import { Rng } from '../rng';
import { decodeOptimizerState, encodeOptimizerState } from './optimizer-state';
import type { RunDescription, RunStage } from './run-description';
import { buildRunFolder } from './run-folder';
import { withRunMetadata } from './run-metadata';

const CORPUS = readFileSync(join('public', 'datasets', 'tinystories-en.txt'), 'utf8');
const SFT = readFileSync(join('public', 'datasets', 'sft-en.jsonl'), 'utf8');
const TOKENIZER = CharTokenizer.fromText(CORPUS);
const MODEL = { nLayer: 2, nHead: 2, nEmbd: 16, blockSize: 48, vocabSize: TOKENIZER.size };
const RANKINGS = [
  { prompt: 'Who is Tom?', ranked: ['Tom is a boy.', 'Tom.', ''] },
  { prompt: 'Where is the cat?', ranked: ['The cat is in the park.', 'cat'] },
].map((r) => JSON.stringify(r)).join('\n');

function checkpointBytes(architecture: Architecture, opts: EncodeOptions = {}, tokenizer = TOKENIZER): Uint8Array {
  const config = { ...MODEL, vocabSize: tokenizer.size };
  const layout = paramLayout(config, { heads: headsOf(architecture, opts.task) });
  return encodeCheckpoint(config, tokenizer, new Rng(11).normals(layout.total, 0.02), { architecture, ...opts });
}

function run(stage: RunStage, over: Partial<RunDescription> = {}): RunDescription {
  const kind = ({ pretrain: 'text', sft: 'sft-jsonl', reward: 'ranked-jsonl' } as const)[stage];
  return {
    format: 1, stage, step: 3, train: { ...DEFAULT_TRAIN, steps: 40, batchSize: 4 }, stageSettings: stage === 'sft' ? { lambda: 0.5 } : {},
    data: { kind, file: `/home/someone/${stage}.data`, dataset: `${stage}-set` }, preset: 'tiny', source: 'cli', ...over,
  };
}

const text = (files: Map<string, Uint8Array>, path: string) => new TextDecoder().decode(files.get(path));
const jsonOf = (files: Map<string, Uint8Array>, path: string) => JSON.parse(text(files, path));

describe('buildRunFolder', () => {
  it('exports a pretraining run: GPT2Config, the same safetensors bytes, the run, the data, the script and the commands', () => {
    const bytes = checkpointBytes('GPT2LMHeadModel');
    const ckpt = decodeCheckpoint(bytes);
    const files = buildRunFolder({ checkpoint: ckpt, run: { description: run('pretrain'), data: CORPUS } });
    expect([...files.keys()].sort()).toEqual([
      'README.md', 'config.json', 'data/corpus.txt', 'generation_config.json', 'gpt_lab_run.json', 'model.safetensors',
      'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json', 'train_ddp.py',
    ]);
    const eot = TOKENIZER.eot;
    expect(jsonOf(files, 'config.json')).toEqual({
      model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], n_layer: 2, n_head: 2, n_embd: 16, n_inner: 64, n_positions: 48, n_ctx: 48,
      vocab_size: TOKENIZER.size, activation_function: 'gelu_new', layer_norm_epsilon: 1e-5, resid_pdrop: 0, embd_pdrop: 0, attn_pdrop: 0,
      initializer_range: 0.02, scale_attn_weights: true, scale_attn_by_inverse_layer_idx: false, reorder_and_upcast_attn: false,
      tie_word_embeddings: true, use_cache: true, bos_token_id: eot, eos_token_id: eot, torch_dtype: 'float32',
    });
    expect(jsonOf(files, 'generation_config.json')).toEqual({ bos_token_id: eot, eos_token_id: eot, max_length: 48 });
    expect(files.get('model.safetensors')).toEqual(bytes);
    expect(jsonOf(files, 'gpt_lab_run.json')).toEqual({ ...run('pretrain'), data: { kind: 'text', file: 'data/corpus.txt', dataset: 'pretrain-set' } });
    expect(text(files, 'data/corpus.txt')).toBe(CORPUS);
    expect(text(files, 'train_ddp.py')).toBe(readFileSync(join('src', 'engine', 'export', 'train_ddp.py'), 'utf8'));
    const readme = text(files, 'README.md');
    for (const line of [
      'python3 train_ddp.py --out ../continued',
      'torchrun --standalone --nproc_per_node=1 train_ddp.py --out ../continued',
      'torchrun --standalone --nproc_per_node=8 train_ddp.py --out ../continued',
      'torchrun --nnodes=4 --nproc_per_node=8 --rdzv_id=gpt-lab --rdzv_backend=c10d --rdzv_endpoint=HOST:29500 train_ddp.py --out ../continued',
      'torchrun --standalone --nproc_per_node=2 train_ddp.py --out ../continued --device cpu',
      'pretraining at step 3 of 40', 'data `data/corpus.txt`', 'model = GPT2LMHeadModel.from_pretrained',
      'npm run eval -- --ckpt ../continued/model.safetensors --data ../continued/data/corpus.txt',
    ]) expect(readme).toContain(line);
    expect(readme).toContain(`${ckpt.layout.count} parameters`);
  });

  it('writes the model without the run a CLI checkpoint records (the run lives in gpt_lab_run.json)', () => {
    const bytes = checkpointBytes('GPT2LMHeadModel');
    const recorded = decodeCheckpoint(withRunMetadata(bytes, run('pretrain', { step: 7 })));
    expect(recorded.run?.step).toBe(7);
    const files = buildRunFolder({ checkpoint: recorded, run: { description: recorded.run!, data: CORPUS } });
    expect(files.get('model.safetensors')).toEqual(bytes);
    expect(jsonOf(files, 'gpt_lab_run.json').step).toBe(7);
  });

  it('exports an SFT run with its λ and its JSONL', () => {
    const ckpt = decodeCheckpoint(checkpointBytes('GPT2LMHeadModel'));
    const files = buildRunFolder({ checkpoint: ckpt, run: { description: run('sft'), data: SFT } });
    const described = jsonOf(files, 'gpt_lab_run.json');
    expect(described).toMatchObject({ stage: 'sft', stageSettings: { lambda: 0.5 }, data: { kind: 'sft-jsonl', file: 'data/sft.jsonl' } });
    expect(text(files, 'data/sft.jsonl')).toBe(SFT);
    expect(jsonOf(files, 'config.json').architectures).toEqual(['GPT2LMHeadModel']);
    expect(text(files, 'README.md')).toContain('supervised fine-tuning (SFT) at step 3 of 40');
  });

  it('exports a reward model as GPT2ForSequenceClassification with one label, the end-of-text pad and its statistics', () => {
    const bytes = checkpointBytes('GPT2ForSequenceClassification', { rewardStats: { mean: 0.25, std: 1.5 } });
    const files = buildRunFolder({ checkpoint: decodeCheckpoint(bytes), run: { description: run('reward'), data: RANKINGS } });
    const config = jsonOf(files, 'config.json');
    expect(config).toMatchObject({ architectures: ['GPT2ForSequenceClassification'], num_labels: 1, pad_token_id: TOKENIZER.eot });
    expect(config.id2label).toBeUndefined();
    expect(files.get('model.safetensors')).toEqual(bytes);
    expect(readSafetensors(files.get('model.safetensors')!).metadata.reward_stats).toBe('{"mean":0.25,"std":1.5}');
    expect(jsonOf(files, 'tokenizer_config.json').pad_token).toBe(EOT);
    expect(jsonOf(files, 'special_tokens_map.json').pad_token).toBe(EOT);
    expect(text(files, 'data/rankings.jsonl')).toBe(RANKINGS);
    expect(text(files, 'README.md')).toContain('reads the token *before* the first end of text');
    expect(text(files, 'README.md')).toContain('npm run score -- --ckpt ../continued/model.safetensors --data ../continued/data/rankings.jsonl');
  });

  it('exports a GPT-1 task model alone, with its labels (classification) or its summary head (multiple choice)', () => {
    const tok = TOKENIZER.withSpecials([START, DELIM, EXTRACT]);
    const classifier = buildRunFolder({ checkpoint: decodeCheckpoint(checkpointBytes('GPT2ForSequenceClassification', { task: { kind: 'classification', labels: ['sad', 'happy'] } }, tok)) });
    expect([...classifier.keys()].sort()).toEqual(['README.md', 'config.json', 'generation_config.json', 'model.safetensors', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json']);
    expect(jsonOf(classifier, 'config.json')).toMatchObject({ num_labels: 2, id2label: { 0: 'sad', 1: 'happy' }, label2id: { sad: 0, happy: 1 }, gpt_lab_task: 'classification' });
    expect(jsonOf(classifier, 'config.json').pad_token_id).toBeUndefined();
    expect(jsonOf(classifier, 'special_tokens_map.json').additional_special_tokens).toEqual([START, DELIM, EXTRACT]);
    expect(text(classifier, 'README.md')).toContain('holds no run to continue');
    const mc = buildRunFolder({ checkpoint: decodeCheckpoint(checkpointBytes('GPT2DoubleHeadsModel', { task: { kind: 'multiple_choice', labels: [] } }, tok)) });
    expect(jsonOf(mc, 'config.json')).toMatchObject({
      architectures: ['GPT2DoubleHeadsModel'], num_labels: 1, summary_type: 'cls_index', summary_use_proj: true, summary_proj_to_labels: true,
      summary_activation: null, summary_first_dropout: 0, gpt_lab_task: 'multiple_choice',
    });
  });

  it('refuses a model the stage does not train, data the stage cannot read, and moments without a run', () => {
    const lm = decodeCheckpoint(checkpointBytes('GPT2LMHeadModel'));
    const rm = decodeCheckpoint(checkpointBytes('GPT2ForSequenceClassification'));
    expect(() => buildRunFolder({ checkpoint: lm, run: { description: run('reward'), data: RANKINGS } })).toThrow(/a reward run trains a reward model \(GPT2ForSequenceClassification\), but the checkpoint is GPT2LMHeadModel/);
    expect(() => buildRunFolder({ checkpoint: rm, run: { description: run('pretrain'), data: CORPUS } })).toThrow(/a pretrain run trains a language model/);
    expect(() => buildRunFolder({ checkpoint: lm, run: { description: run('pretrain'), data: `${CORPUS}中` } })).toThrow(/not in the vocabulary/);
    expect(() => buildRunFolder({ checkpoint: lm, run: { description: run('sft'), data: CORPUS } })).toThrow(/sft-set/);
    const n = lm.layout.trainableEnd;
    expect(() => buildRunFolder({ checkpoint: lm, optimizer: { m: new Float32Array(n), v: new Float32Array(n) } })).toThrow(/AdamW moments belong to a run/);
    const noEot = decodeCheckpoint(checkpointBytes('GPT2LMHeadModel', {}, CharTokenizer.fromText(CORPUS, [])));
    expect(() => buildRunFolder({ checkpoint: noEot, run: { description: run('sft'), data: SFT } })).toThrow(/needs the end-of-text token/);
  });
});

describe('optimizer.safetensors', () => {
  const ckpt: Gpt2Checkpoint = decodeCheckpoint(checkpointBytes('GPT2ForSequenceClassification'));
  const n = ckpt.layout.trainableEnd;
  const rng = new Rng(5);
  const m = rng.normals(n);
  const v = rng.normals(n).map(Math.abs);

  it('holds each parameter\'s moments under PyTorch\'s names and shapes, and reads back into the flat layout', () => {
    const files = buildRunFolder({ checkpoint: ckpt, run: { description: run('reward', { step: 12 }), data: RANKINGS }, optimizer: { m, v } });
    const bytes = files.get('optimizer.safetensors')!;
    const { tensors, metadata } = readSafetensors(bytes);
    expect(metadata).toEqual({ step: '12' });
    expect(tensors.size).toBe(2 * ckpt.layout.specs.length);
    const spec = ckpt.layout.specs.find((s) => s.name === 'score.weight')!;
    expect(tensors.get('score.weight.exp_avg_sq')!.shape).toEqual(spec.shape);
    expect(tensors.get('score.weight.exp_avg')!.data).toEqual(m.subarray(spec.offset, spec.offset + spec.length));
    const back = decodeOptimizerState(bytes, ckpt.layout, n);
    expect(back.step).toBe(12);
    for (const s of ckpt.layout.specs) {
      expect(back.m.subarray(s.offset, s.offset + s.length)).toEqual(m.subarray(s.offset, s.offset + s.length));
      expect(back.v.subarray(s.offset, s.offset + s.length)).toEqual(v.subarray(s.offset, s.offset + s.length));
    }
  });

  it('refuses a file that lacks a moment, has a wrong shape, a bad step or a negative second moment', () => {
    const good = encodeOptimizerState(ckpt.layout, { step: 1, m, v });
    const { tensors } = readSafetensors(good);
    const rewrite = (edit: (list: NamedTensor[]) => void, metadata = { step: '1' }) => {
      const list = [...tensors.values()].map((t) => ({ ...t, data: t.data.slice() }));
      edit(list);
      return writeSafetensors(list, metadata);
    };
    expect(() => decodeOptimizerState(rewrite((l) => l.splice(1, 1)), ckpt.layout, n)).toThrow(/optimizer state: missing tensor transformer\.\S+\.exp_avg_sq/);
    expect(() => decodeOptimizerState(rewrite((l) => (l[0].shape = [l[0].data.length])), ckpt.layout, n)).toThrow(/has shape/);
    expect(() => decodeOptimizerState(rewrite(() => {}, { step: '-1' }), ckpt.layout, n)).toThrow(/__metadata__\.step/);
    expect(() => decodeOptimizerState(rewrite((l) => (l[1].data[0] = -1)), ckpt.layout, n)).toThrow(/negative second moment/);
    expect(() => decodeOptimizerState(good.subarray(0, 100), ckpt.layout, n)).toThrow(/^optimizer state: safetensors:/);
    expect(() => encodeOptimizerState(ckpt.layout, { step: 1, m: m.subarray(0, 3), v: v.subarray(0, 3) })).toThrow(/end inside transformer\.wte\.weight/);
  });
});
