// The evaluate command end to end on a tiny random checkpoint (bundled with esbuild, Node WebGPU adapter): --json
// gives one object per (task, k) equal to what the engine's evaluateTasks computes in-process; the table for a
// terminal; --demos and --limit; and each refusal with its message and status 1 (before any GPU work): characters
// outside the vocabulary (named, with the line), a prompt longer than the context (task, k, lengths, the most shots
// that fit), an empty file, a header-only task, a target not among its choices, {input} missing or repeated in a
// template, and bad --shots lists.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testCtx } from '../test/gpu';
import { decodeCheckpoint, encodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { CharTokenizer } from '../engine/data/tokenizer';
import { evaluateTasks } from '../engine/eval/harness/evaluate';
import { parseTaskFile } from '../engine/eval/harness/task-file';
import { initParams, paramLayout } from '../engine/model/params';
import { seededNormal } from '../engine/train/trainer';
// @ts-expect-error — plain .mjs build script without type declarations
import { buildNode } from '../../scripts/build-node.mjs';

const dir = mkdtempSync(join(tmpdir(), 'gpt-lab-evaluate-'));
const f = (name: string) => join(dir, name);
const jsonl = (...objs: unknown[]) => objs.map((o) => JSON.stringify(o)).join('\n');

function run(args: string[], json = true): { status: number | null; lines: Record<string, unknown>[]; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join('dist-node', 'evaluate.js'), ...args, ...(json ? ['--json'] : [])], { encoding: 'utf8', timeout: 240_000 });
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return { status: r.status, lines, stdout: r.stdout, stderr: r.stderr };
}

function error(args: string[]): string {
  const r = run(args);
  expect(r.status, r.stderr).toBe(1);
  expect(r.lines).toHaveLength(1);
  return String(r.lines[0].error);
}

const tokenizer = CharTokenizer.fromText('abcdefghijklmnopqrstuvwxyz0123456789 +=?:.\n');
const cfg = { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 64, vocabSize: tokenizer.size };
const ckpt = f('tiny.safetensors');
const adds = Array.from({ length: 6 }, (_, i) => ({ task: 'add', input: `${i}+${i + 1}=`, target: String(2 * i + 1) }));
const tasksText = jsonl(
  ...adds,
  { task: 'yn', description: 'yes or no.', template: 'q: {input}? a:' },
  ...['cat', 'dog', 'sun', 'sea', 'fig'].map((w, i) => ({ task: 'yn', input: w, target: i % 2 ? ' no' : ' yes', choices: [' yes', ' no'] })),
);

describe('evaluate command', () => {
  beforeAll(async () => {
    await buildNode(['src/cli/evaluate.ts']);
    writeFileSync(ckpt, encodeCheckpoint(cfg, tokenizer, initParams(paramLayout(cfg), cfg, seededNormal(2)).map((x) => x * 5)));
    writeFileSync(f('tasks.jsonl'), tasksText);
  });

  it('prints one result per (task, k), as the engine computes them', { timeout: 300_000 }, async () => {
    const r = run(['--ckpt', ckpt, '--tasks', f('tasks.jsonl'), '--shots', '0,1,2', '--seed', '4']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.lines.map((l) => [l.task, l.shots, l.mode, l.n])).toEqual([
      ['add', 0, 'exact', 6], ['add', 1, 'exact', 6], ['add', 2, 'exact', 6], ['yn', 0, 'choice', 5], ['yn', 1, 'choice', 5], ['yn', 2, 'choice', 5],
    ]);
    for (const l of r.lines) {
      expect(Object.keys(l).sort()).toEqual(['accuracy', 'correct', 'hi', 'lo', 'mode', 'n', 'shots', 'task']);
      expect(l.accuracy).toBe(Number(l.correct) / Number(l.n));
      expect(Number(l.lo)).toBeLessThanOrEqual(Number(l.accuracy));
      expect(Number(l.hi)).toBeGreaterThanOrEqual(Number(l.accuracy));
    }
    const engine = await evaluateTasks(await testCtx(), decodeCheckpoint(new Uint8Array(readFileSync(ckpt))), parseTaskFile(tasksText, f('tasks.jsonl')), { shots: [0, 1, 2], seed: 4 });
    expect(r.lines).toEqual(engine.map(({ task, shots, accuracy, n, correct, lo, hi, mode }) => ({ task, shots, accuracy, n, correct, lo, hi, mode })));

    // A table without --json; --limit tests the first items only; --demos draws from another file.
    writeFileSync(f('demos.jsonl'), jsonl({ task: 'yn', input: 'sky', target: ' yes' }, { task: 'add', input: '9+9=', target: '18' }));
    const t = run(['--ckpt', ckpt, '--tasks', f('tasks.jsonl'), '--shots', '1', '--limit', '2', '--demos', f('demos.jsonl')], false);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stderr).toBe('');
    const rows = t.stdout.trim().split('\n');
    expect(rows[0]).toBe('task  shots  mode        n  correct  accuracy  95% interval');
    expect(rows.slice(1).map((l) => l.split(/\s+/).slice(0, 4))).toEqual([['add', '1', 'exact', '2'], ['yn', '1', 'choice', '2']]);
    expect(rows[1]).toMatch(/^add       1  exact       2        [012]     (0\.000|0\.500|1\.000)  \[0\.\d{3}, [01]\.\d{3}\]$/);
  });

  it('refuses bad task files and options, naming what is wrong', { timeout: 120_000 }, () => {
    const base = ['--ckpt', ckpt, '--tasks'];
    writeFileSync(f('accents.jsonl'), jsonl({ input: '1+1=', target: '2' }, { input: 'café', target: 'é' }));
    expect(error([...base, f('accents.jsonl')])).toMatch(/accents\.jsonl:2: 1 character not in the checkpoint's vocabulary \(43 characters\): "é" \(U\+00E9\)/);
    // 12 demonstrations of 6 to 9 tokens cannot fit a context of 64: the message says how many shots do (5 to 9).
    writeFileSync(f('long.jsonl'), jsonl(...Array.from({ length: 14 }, (_, i) => ({ input: `${i}+${i}=`, target: String(2 * i) }))));
    expect(error([...base, f('long.jsonl'), '--shots', '0,12'])).toMatch(/^task "long", 12 shots: the prompt for .*long\.jsonl:\d+ is \d+ tokens and its target \d more, \d+ in all, over the model's context of 64 tokens; at most [5-9] shots fit every item of this task \(with this seed\): ask for [5-9] or fewer$/);
    writeFileSync(f('empty.jsonl'), '');
    expect(error([...base, f('empty.jsonl')])).toMatch(/empty\.jsonl: no items \(the file is empty\)/);
    writeFileSync(f('blank.jsonl'), '\n \n');
    expect(error([...base, f('blank.jsonl')])).toMatch(/blank\.jsonl: no items \(the file is empty\)/);
    writeFileSync(f('header.jsonl'), jsonl({ input: 'a', target: 'b' }, { task: 'lonely', template: 'q {input}' }));
    expect(error([...base, f('header.jsonl')])).toMatch(/header\.jsonl:2: task "lonely" has a header but no items/);
    writeFileSync(f('choices.jsonl'), jsonl({ input: 'a', target: 'c', choices: ['a', 'b'] }));
    expect(error([...base, f('choices.jsonl')])).toMatch(/choices\.jsonl:1: target "c" is not among the choices \["a","b"\]/);
    writeFileSync(f('nslot.jsonl'), jsonl({ task: 't', template: 'q: a:' }, { task: 't', input: 'a', target: 'b' }));
    expect(error([...base, f('nslot.jsonl')])).toMatch(/nslot\.jsonl:1: template "q: a:" has no \{input\}/);
    writeFileSync(f('twoslot.jsonl'), jsonl({ task: 't', template: '{input}={input}' }, { task: 't', input: 'a', target: 'b' }));
    expect(error([...base, f('twoslot.jsonl')])).toMatch(/twoslot\.jsonl:1: template .* has \{input\} 2 times; it must appear exactly once/);
    expect(error([...base, f('tasks.jsonl'), '--shots', '0,two'])).toMatch(/--shots must be a comma-separated list of shot counts .*"two" is not a non-negative integer/);
    expect(error([...base, f('tasks.jsonl'), '--shots', '1,1'])).toMatch(/--shots lists 1 twice/);
    expect(error([...base, f('tasks.jsonl'), '--limit', '0'])).toMatch(/--limit must be at least 1 \(got 0\)/);
    expect(error(['--ckpt', ckpt])).toMatch(/give --tasks FILE\.jsonl/);
    const text = run([...base, f('empty.jsonl')], false);
    expect(text.status).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/^error: .*empty\.jsonl: no items \(the file is empty\)\n$/);
  });
});
