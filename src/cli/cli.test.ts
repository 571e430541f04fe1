// The Node entry points end to end, as a user runs them: bundle with esbuild (as `npm run build:node` does),
// then train → checkpoint → eval → sample on the Node WebGPU adapter, plus the clear errors for bad input
// (out-of-range options, non-finite weights, oversized corpora), relative paths through `npm run` (INIT_CWD), and
// a reader that closes the pipe early.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { CharTokenizer } from '../engine/data/tokenizer';
import { initParams, paramLayout } from '../engine/model/params';
import { seededNormal } from '../engine/train/trainer';
// @ts-expect-error — plain .mjs build script without type declarations
import { buildNode } from '../../scripts/build-node.mjs';
import { MAX_CORPUS_BYTES } from './load-data';

const dir = mkdtempSync(join(tmpdir(), 'gpt-lab-cli-'));
const repo = resolve('.');
const corpusText = 'the cat sat on the mat. the dog sat on the log. '.repeat(40);

function run(name: string, args: string[]): { status: number | null; lines: Record<string, unknown>[]; stderr: string } {
  const r = spawnSync(process.execPath, [join('dist-node', `${name}.js`), ...args, '--json'], { encoding: 'utf8', timeout: 240_000 });
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return { status: r.status, lines, stderr: r.stderr };
}

/** Without --json: what a user reads on the terminal. */
function runText(name: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join('dist-node', `${name}.js`), ...args], { encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('command line', () => {
  beforeAll(async () => {
    await buildNode();
  });

  it('trains, writes a checkpoint, evaluates it and samples from it', () => {
    const ckpt = join(dir, 'tiny.safetensors');
    const data = join(dir, 'corpus.txt');
    writeFileSync(data, 'the cat sat on the mat. the dog sat on the log. '.repeat(40));
    const t = run('train', ['--data', data, '--preset', 'tiny', '--steps', '4', '--eval-every', '2', '--log-every', '1', '--out', ckpt]);
    expect(t.status, t.stderr).toBe(0);
    expect(t.lines[0]).toMatchObject({ event: 'start', preset: 'tiny', vocab: 15 }); // 14 characters + end of text
    expect(String(t.lines[0].adapter).length).toBeGreaterThan(0);
    const steps = t.lines.filter((l) => 'loss' in l);
    expect(steps.map((l) => l.step)).toEqual([1, 2, 3, 4]);
    const vals = t.lines.filter((l) => 'valLoss' in l);
    expect(vals.map((l) => l.step)).toEqual([2, 4]);
    expect(t.lines.at(-1)).toMatchObject({ event: 'done', checkpoint: ckpt });

    const e = run('eval', ['--ckpt', ckpt, '--data', data]);
    expect(e.status, e.stderr).toBe(0);
    expect(Number(e.lines[0].valLoss)).toBeGreaterThan(0);
    expect(e.lines[0].windows).toBe(Math.floor(192 / 33));

    const s = run('sample', ['--ckpt', ckpt, '--prompt', 'the ', '--tokens', '10', '--seed', '3']);
    expect(s.status, s.stderr).toBe(0);
    expect(String(s.lines[0].text)).toMatch(/^the .{10}$/s);
    // On a terminal the same sample is streamed token by token: the same text, then a newline.
    const streamed = runText('sample', ['--ckpt', ckpt, '--prompt', 'the ', '--tokens', '10', '--seed', '3']);
    expect(streamed.status, streamed.stderr).toBe(0);
    expect(streamed.stdout).toBe(`${s.lines[0].text}\n`);
  });

  it('fails clearly on bad input', () => {
    const bin = join(dir, 'binary.bin');
    writeFileSync(bin, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2, 3]));
    const short = join(dir, 'short.txt');
    writeFileSync(short, 'too short');
    expect(run('train', ['--data', bin, '--preset', 'tiny']).lines[0].error).toMatch(/binary|NUL/i);
    expect(run('train', ['--data', short, '--preset', 'tiny']).lines[0].error).toMatch(/too short/i);
    expect(run('train', ['--dataset', 'tinystories-en', '--preset', 'huge']).lines[0].error).toMatch(/unknown preset "huge"/);
    expect(run('train', ['--data', join(dir, 'missing.txt')]).lines[0].error).toMatch(/cannot read .*ENOENT/);
    expect(run('eval', ['--ckpt', short, '--data', short]).status).toBe(1);
    expect(run('train', ['--data', short, '--steps', '0']).lines[0].error).toMatch(/--steps must be at least 1/);
    expect(run('train', ['--dataset', 'tinystories-en', '--steps', '2', '--out', dir]).lines[0].error).toMatch(/cannot write .*: it is a folder/);
    expect(run('train', ['--dataset', 'tinystories-en', '--steps', '2', '--out', join(dir, 'no-such-folder', 'x.safetensors')]).lines[0].error).toMatch(/cannot write .*ENOENT/);
  });

  it('keeps an existing checkpoint when training diverges before its first save', () => {
    const out = join(dir, 'keep.safetensors');
    writeFileSync(out, 'the previous checkpoint');
    const data = join(dir, 'corpus2.txt');
    writeFileSync(data, 'the cat sat on the mat. the dog sat on the log. '.repeat(40));
    const t = run('train', ['--data', data, '--preset', 'tiny', '--steps', '6', '--lr', '1e30', '--eval-every', '0', '--out', out]);
    expect(t.status).toBe(1);
    expect(String(t.lines.at(-1)!.error)).toMatch(/training stopped: the loss became .* at step \d.*keep.safetensors was not written/);
    expect(readFileSync(out, 'utf8')).toBe('the previous checkpoint');
  });

  it('refuses out-of-range numbers, naming the flag', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['bench', ['--steps', '0'], /--steps must be at least 1 \(got 0\)/],
      ['bench', ['--batch', '-2'], /--batch must be at least 1 \(got -2\)/],
      ['bench', ['--generate', '--rows', '0'], /--rows must be at least 1 \(got 0\)/],
      ['train', ['--dataset', 'tinystories-en', '--batch', '0'], /--batch must be at least 1 \(got 0\)/],
      ['train', ['--dataset', 'tinystories-en', '--log-every', '0'], /--log-every must be at least 1 \(got 0\)/],
      ['sample', ['--ckpt', 'x', '--tokens', '-3'], /--tokens must be at least 1 \(got -3\)/],
      ['sample', ['--ckpt', 'x', '--tokens', '0'], /--tokens must be at least 1 \(got 0\)/],
      ['sample', ['--ckpt', 'x', '--tokens', '20000'], /--tokens must be at most 10000 \(got 20000\)/],
      ['sample', ['--ckpt', 'x', '--top-k', '-1'], /--top-k must be at least 0 \(got -1\)/],
    ];
    for (const [name, args, message] of cases) {
      const r = run(name, args);
      expect(r.status, `${name} ${args.join(' ')}`).toBe(1);
      expect(r.lines).toHaveLength(1); // --json: one error object, nothing else (no Infinity figures)
      expect(String(r.lines[0].error)).toMatch(message);
    }
    const text = runText('bench', ['--steps', '0']);
    expect(text.status).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toBe('error: --steps must be at least 1 (got 0)\n');
  });

  it('fails naming the file when a checkpoint holds non-finite weights', () => {
    const tokenizer = CharTokenizer.fromText(corpusText);
    const cfg = { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16, vocabSize: tokenizer.size };
    const layout = paramLayout(cfg);
    const flat = initParams(layout, cfg, seededNormal(1));
    flat.fill(NaN, layout.specs[2].offset, layout.specs[2].offset + layout.specs[2].length);
    const ckpt = join(dir, 'nan.safetensors');
    writeFileSync(ckpt, encodeCheckpoint(cfg, tokenizer, flat));
    const data = join(dir, 'nan-corpus.txt');
    writeFileSync(data, corpusText);
    const bad = `${ckpt} holds ${layout.specs[2].length} non-finite weights (first: ${layout.specs[2].name}[0] = NaN)`;
    for (const [name, args] of [['eval', ['--ckpt', ckpt, '--data', data]], ['sample', ['--ckpt', ckpt, '--prompt', 'the ', '--tokens', '3']]] as const) {
      const j = run(name, [...args]);
      expect(j.status, name).toBe(1);
      expect(j.lines).toHaveLength(1);
      expect(String(j.lines[0].error)).toContain(bad);
      const t = runText(name, [...args]);
      expect(t.status, name).toBe(1);
      expect(t.stdout).toBe('');
      expect(t.stderr.trim().split('\n')).toHaveLength(1);
      expect(t.stderr).toMatch(/^error: /);
      expect(t.stderr).toContain(bad);
    }
  });

  it('refuses a corpus over the size limit before reading it', () => {
    const huge = join(dir, 'huge.txt');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_CORPUS_BYTES + 1); // sparse: no disk used; read, it would fail as binary (NUL bytes)
    const r = run('train', ['--data', huge, '--preset', 'tiny']);
    expect(r.status).toBe(1);
    expect(String(r.lines[0].error)).toMatch(/huge\.txt is too large: 100\.0 MB, over the limit of 100\.0 MB \(100000000 bytes\)/);
  });

  it('npm run: relative paths mean the folder npm was run from, and bundled datasets are still found', () => {
    const cwd = join(dir, 'elsewhere');
    mkdirSync(join(cwd, 'sub'), { recursive: true });
    writeFileSync(join(cwd, 'my.txt'), corpusText);
    // What `npm run train -- ...` does from `cwd`: npm runs the script in the project root with INIT_CWD set.
    const npmRun = (args: string[]) => spawnSync(process.execPath, [join(repo, 'scripts', 'run-cli.mjs'), 'train', ...args, '--json'], {
      cwd: repo, encoding: 'utf8', timeout: 240_000, env: { ...process.env, INIT_CWD: cwd },
    });
    const t = npmRun(['--data', './my.txt', '--preset', 'tiny', '--steps', '1', '--eval-every', '0', '--out', 'sub/out.safetensors']);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/"data":".\/my.txt"/);
    expect(existsSync(join(cwd, 'sub', 'out.safetensors'))).toBe(true);
    // A bundled dataset is read (the run gets as far as checking --out, after loading the corpus).
    const d = npmRun(['--dataset', 'tinystories-en', '--out', 'sub']);
    expect(d.status).toBe(1);
    expect(d.stdout).toMatch(/"error":"cannot write sub: it is a folder"/);
    // The bundle alone, run from another folder, finds them too.
    const b = spawnSync(process.execPath, [join(repo, 'dist-node', 'train.js'), '--dataset', 'tinystories-en', '--out', 'sub', '--json'], { cwd, encoding: 'utf8', timeout: 240_000 });
    expect(b.stdout).toMatch(/"error":"cannot write sub: it is a folder"/);
  });

  it('stops quietly, status 0, when the reader closes stdout early (| head -1), leaving the checkpoint untouched', async () => {
    const data = join(dir, 'pipe-corpus.txt');
    writeFileSync(data, corpusText);
    const pipeDir = join(dir, 'pipe');
    mkdirSync(pipeDir);
    const out = join(pipeDir, 'keep.safetensors');
    writeFileSync(out, 'the previous checkpoint');
    // 40 logged steps and a save at the end only: a command that ignored the closed pipe would overwrite `out`.
    const child = spawn(process.execPath, [join('dist-node', 'train.js'), '--data', data, '--preset', 'tiny', '--steps', '40', '--log-every', '1', '--eval-every', '0', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let first = '';
    child.stdout.once('data', (c: Buffer) => {
      first = c.toString();
      child.stdout.destroy();
    });
    const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    expect(first).toMatch(/^event start/);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('the previous checkpoint');
    expect(readdirSync(pipeDir)).toEqual(['keep.safetensors']);
  });
});
