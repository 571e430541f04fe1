// `npm run export` as a user runs it (bundled with esbuild): a checkpoint that records its run exports with no more
// than --ckpt and --out (flags override the record; the folder reads back with readRunFolder, moments included),
// a checkpoint that records none needs --stage and --data, a task model exports alone, and the refusals — an
// unknown stage, a non-empty folder without --force, a missing data file, flags that do not fit the stage — are
// one clear line with status 1. One tiny GPU run checks that `npm run train` records its run for the export.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, headsOf } from '../engine/checkpoint/gpt2-checkpoint';
import { DEFAULT_TRAIN } from '../engine/config';
import { CharTokenizer, DELIM, EXTRACT, START } from '../engine/data/tokenizer';
import type { RunDescription } from '../engine/export/run-description';
import { buildRunFolder } from '../engine/export/run-folder';
import { withRunMetadata } from '../engine/export/run-metadata';
import { paramLayout } from '../engine/model/params';
import { Rng } from '../engine/rng';
// @ts-expect-error — plain .mjs build script without type declarations
import { buildNode } from '../../scripts/build-node.mjs';
import { readRunFolder, writeRunFolder } from './run-folder-io';

const dir = mkdtempSync(join(tmpdir(), 'gpt-lab-export-'));
const corpusFile = join(dir, 'corpus.txt');
const corpus = 'the cat sat on the mat. the dog sat on the log. '.repeat(40);
const tokenizer = CharTokenizer.fromText(corpus);
const config = { nLayer: 1, nHead: 2, nEmbd: 8, blockSize: 16, vocabSize: tokenizer.size };
const plain = encodeCheckpoint(config, tokenizer, new Rng(1).normals(paramLayout(config).total, 0.02));
const RUN: RunDescription = {
  format: 1, stage: 'pretrain', step: 30, train: { ...DEFAULT_TRAIN, steps: 100, batchSize: 4 }, stageSettings: {},
  data: { kind: 'text', file: corpusFile }, preset: 'tiny', source: 'cli',
};

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join('dist-node', 'export.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
}

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('npm run export', () => {
  beforeAll(async () => {
    writeFileSync(corpusFile, corpus);
    await buildNode(['src/cli/export.ts', 'src/cli/train.ts']);
  }, 120_000);

  it('exports a checkpoint that records its run from --ckpt and --out alone, flags overriding the record', () => {
    const ckpt = file('recorded.safetensors', withRunMetadata(plain, RUN));
    const out = join(dir, 'recorded');
    const r = run(['--ckpt', ckpt, '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ event: 'done', stage: 'pretrain', step: 30, steps: 100, recorded: true });
    const back = readRunFolder(out);
    expect(back.run).toEqual({ ...RUN, data: { kind: 'text', file: 'data/corpus.txt' } });
    expect(back.data).toBe(corpus);
    expect(back.optimizer).toBeUndefined();
    expect(new Uint8Array(readFileSync(join(out, 'model.safetensors')))).toEqual(plain);

    const over = run(['--ckpt', ckpt, '--out', join(dir, 'over'), '--steps', '300', '--lr', '0.01', '--step', '40', '--seed', '7']);
    expect(over.status, over.stderr).toBe(0);
    expect(readRunFolder(join(dir, 'over')).run).toMatchObject({ step: 40, train: { steps: 300, lr: 0.01, seed: 7, batchSize: 4 } });
  });

  it('needs --stage and --data for a checkpoint that records no run, and takes the stage defaults', () => {
    const ckpt = file('plain.safetensors', plain);
    const none = run(['--ckpt', ckpt, '--out', join(dir, 'plain-a')]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain(`${ckpt} records no run (a checkpoint from the lab or from before runs were recorded): give --stage pretrain or --stage sft, and --data FILE`);
    const noData = run(['--ckpt', ckpt, '--out', join(dir, 'plain-b'), '--stage', 'pretrain']);
    expect(noData.status).toBe(1);
    expect(noData.stderr).toContain(`give --data FILE (the text it was pretrained on): ${ckpt} records no pretrain run to take it from`);
    const ok = run(['--ckpt', ckpt, '--out', join(dir, 'plain-c'), '--stage', 'pretrain', '--data', corpusFile, '--batch', '2']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(readRunFolder(join(dir, 'plain-c')).run).toMatchObject({ stage: 'pretrain', step: 0, preset: null, train: { steps: 150, lr: 3e-3, batchSize: 2 }, data: { file: 'data/corpus.txt' } });
  });

  it('exports a task model alone and refuses run flags for it', () => {
    const tok = tokenizer.withSpecials([START, DELIM, EXTRACT]);
    const c = { ...config, vocabSize: tok.size };
    const task = { kind: 'classification' as const, labels: ['no', 'yes'] };
    const ckpt = file('task.safetensors', encodeCheckpoint(c, tok, new Rng(2).normals(paramLayout(c, { heads: headsOf('GPT2ForSequenceClassification', task) }).total), { task }));
    const r = run(['--ckpt', ckpt, '--out', join(dir, 'task')]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'task', 'gpt_lab_run.json'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'task', 'config.json'), 'utf8'))).toMatchObject({ id2label: { 0: 'no', 1: 'yes' } });
    const flags = run(['--ckpt', ckpt, '--out', join(dir, 'task-b'), '--stage', 'sft']);
    expect(flags.status).toBe(1);
    expect(flags.stderr).toContain('is a task model (GPT2ForSequenceClassification, classification with 2 labels): it is exported alone, as a model (train_ddp.py continues pretraining, SFT and reward models), so --stage does not apply');
  });

  it('refuses an unknown stage, a non-empty folder without --force, missing data and flags that do not fit', () => {
    const ckpt = file('refusals.safetensors', withRunMetadata(plain, RUN));
    const expectError = (args: string[], message: string) => {
      const r = run(args);
      expect(r.status, r.stdout).toBe(1);
      expect(r.stderr.trim()).toBe(`error: ${message}`);
    };
    expectError(['--out', join(dir, 'x')], 'give --ckpt CKPT (the checkpoint to export)');
    expectError(['--ckpt', ckpt, '--out', join(dir, 'x'), '--stage', 'ppo'], 'unknown stage "ppo"; one of pretrain, sft, reward');
    const full = join(dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'notes.txt'), 'mine');
    expectError(['--ckpt', ckpt, '--out', full], `${full} is not empty; choose a new folder, or give --force to write into it (files of the same names are replaced)`);
    expectError(['--ckpt', ckpt, '--out', file('a-file', 'x')], `cannot write the folder ${join(dir, 'a-file')}: a file of that name exists`);
    const gone = file('gone.safetensors', withRunMetadata(plain, { ...RUN, data: { kind: 'text', file: join(dir, 'deleted.txt') } }));
    expectError(['--ckpt', gone, '--out', join(dir, 'x')], `the data file ${gone} records, ${join(dir, 'deleted.txt')}, is missing: give --data FILE (the text it was pretrained on)`);
    expectError(['--ckpt', ckpt, '--out', join(dir, 'x'), '--data', join(dir, 'nope.txt')], `cannot read ${join(dir, 'nope.txt')}: ENOENT`);
    expectError(['--ckpt', ckpt, '--out', join(dir, 'x'), '--dataset', 'sft-en'], 'dataset "sft-en" holds sft data, which a pretrain run does not train on: give --data FILE (the text it was pretrained on)');
    expectError(['--ckpt', ckpt, '--out', join(dir, 'x'), '--lambda', '0.5'], '--lambda applies to SFT runs only, and this is a pretrain run');
    expectError(['--ckpt', ckpt, '--out', join(dir, 'x'), '--step', '101'], "--step 101 is beyond the run's 100 steps (train.steps); give --steps N for a longer run");
    expect(existsSync(join(dir, 'x'))).toBe(false);

    const forced = run(['--ckpt', ckpt, '--out', full, '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(join(full, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readRunFolder(full).run?.step).toBe(30);
  });

  it('reads optimizer.safetensors back, and --force drops a stale one the new folder lacks', () => {
    const ckpt = decodeCheckpoint(withRunMetadata(plain, RUN));
    const n = ckpt.layout.trainableEnd;
    const m = new Rng(4).normals(n);
    const v = m.map((x) => x * x);
    const out = join(dir, 'moments');
    writeRunFolder(out, buildRunFolder({ checkpoint: ckpt, run: { description: RUN, data: corpus }, optimizer: { m, v } }));
    const back = readRunFolder(out).optimizer!;
    expect(back.step).toBe(30);
    for (const s of ckpt.layout.specs) expect(back.m.subarray(s.offset, s.offset + s.length)).toEqual(m.subarray(s.offset, s.offset + s.length));
    writeRunFolder(out, buildRunFolder({ checkpoint: ckpt, run: { description: RUN, data: corpus } }), { force: true });
    expect(existsSync(join(out, 'optimizer.safetensors'))).toBe(false);
    expect(readRunFolder(out).optimizer).toBeUndefined();
  });

  it('exports what `npm run train` recorded (a tiny run on the Node WebGPU adapter)', () => {
    const ckpt = join(dir, 'trained.safetensors');
    const t = spawnSync(process.execPath, [join('dist-node', 'train.js'), '--data', corpusFile, '--preset', 'tiny', '--steps', '2', '--batch', '2', '--lr', '0.002', '--out', ckpt, '--json'], { encoding: 'utf8', timeout: 240_000 });
    expect(t.status, t.stderr).toBe(0);
    const out = join(dir, 'trained');
    const r = run(['--ckpt', ckpt, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readRunFolder(out).run).toEqual({
      format: 1, stage: 'pretrain', step: 2, train: { ...DEFAULT_TRAIN, steps: 2, batchSize: 2, lr: 0.002, warmupSteps: 10, evalEvery: 50 },
      stageSettings: {}, data: { kind: 'text', file: 'data/corpus.txt' }, preset: 'tiny', source: 'cli',
    });
    expect(decodeCheckpoint(new Uint8Array(readFileSync(ckpt))).run?.data.file).toBe(resolve(corpusFile));
  });
});
