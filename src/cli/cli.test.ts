// The Node entry points end to end, as a user runs them: bundle with esbuild (as `npm run build:node` does),
// then train → checkpoint → eval → sample on the Node WebGPU adapter, plus the clear errors for bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain .mjs build script without type declarations
import { buildNode } from '../../scripts/build-node.mjs';

const dir = mkdtempSync(join(tmpdir(), 'gpt-lab-cli-'));

function run(name: string, args: string[]): { status: number | null; lines: Record<string, unknown>[]; stderr: string } {
  const r = spawnSync(process.execPath, [join('dist-node', `${name}.js`), ...args, '--json'], { encoding: 'utf8', timeout: 240_000 });
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return { status: r.status, lines, stderr: r.stderr };
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
});
