// `finetune` end to end as a user runs it (bundled with esbuild, Node WebGPU adapter) on a tiny random language
// model: held-out accuracy with the chance level at the start and each evaluation, training lines with L3 and its
// parts, the final line and the task checkpoint; then the refusals (unknown kind, mixed kinds, a label index out of
// range, characters outside the vocabulary, too-long sequences, a task model where a language model is expected).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain .mjs build script without type declarations
import { buildNode } from '../../scripts/build-node.mjs';
import { decodeCheckpoint, encodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { CharTokenizer, EOT } from '../engine/data/tokenizer';
import { initParams, paramLayout } from '../engine/model/params';
import { Rng } from '../engine/rng';

const dir = mkdtempSync(join(tmpdir(), 'gpt-lab-finetune-'));
const f = (name: string) => join(dir, name);
const jsonl = (name: string, objs: unknown[]) => writeFileSync(f(name), objs.map((o) => JSON.stringify(o)).join('\n') + '\n');

function run(args: string[]): { status: number | null; lines: Record<string, unknown>[]; stderr: string } {
  const r = spawnSync(process.execPath, [join('dist-node', 'finetune.js'), ...args, '--json'], { encoding: 'utf8', timeout: 300_000 });
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return { status: r.status, lines, stderr: r.stderr };
}

describe('finetune command', () => {
  beforeAll(async () => {
    await buildNode(['src/cli/finetune.ts']);
    const cfg = { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 12, vocabSize: 5 };
    const rng = new Rng(4);
    writeFileSync(f('lm.safetensors'), encodeCheckpoint(cfg, CharTokenizer.fromVocab(['a', 'b', 'c', ' '], [EOT]), initParams(paramLayout(cfg), cfg, () => rng.normal())));
  });

  it('trains a classifier: accuracy with chance at the start and each evaluation, L3 and its parts, a task checkpoint', { timeout: 300_000 }, () => {
    const r = new Rng(1);
    jsonl('cls.jsonl', Array.from({ length: 20 }, () => {
      const ch = 'abc'[r.int(3)];
      return { text: ch.repeat(1 + r.int(3)), label: `all ${ch}` };
    }));
    const x = run(['--ckpt', f('lm.safetensors'), '--data', f('cls.jsonl'), '--steps', '4', '--batch', '4', '--eval-every', '2', '--log-every', '1', '--lambda', '0.5', '--out', f('cls.safetensors')]);
    expect(x.status, x.stderr).toBe(0);
    expect(x.lines[0]).toMatchObject({ event: 'start', stage: 'finetune', task: 'classification', classes: 'all a,all b,all c', trainExamples: 18, valExamples: 2, lambda: 0.5, steps: 4 });
    const evals = x.lines.filter((l) => l.event === 'eval');
    expect(evals.map((l) => l.step)).toEqual([0, 2, 4]);
    for (const e of evals) expect(e).toMatchObject({ n: 2, chance: 1 / 3 });
    const steps = x.lines.filter((l) => !('event' in l));
    expect(steps.map((l) => l.step)).toEqual([1, 2, 3, 4]);
    for (const s of steps) {
      expect(Number(s.loss)).toBeCloseTo(Number(s.taskLoss) + 0.5 * Number(s.lmLoss), 4);
      expect(Number(s.n)).toBeGreaterThanOrEqual(1);
      expect(Number(s.accuracy)).toBeGreaterThanOrEqual(0);
    }
    expect(x.lines.at(-1)).toMatchObject({ event: 'done', stage: 'finetune', task: 'classification', steps: 4, n: 2, chance: 1 / 3 });
    const ckpt = decodeCheckpoint(new Uint8Array(readFileSync(f('cls.safetensors'))));
    expect([ckpt.architecture, ckpt.task]).toEqual(['GPT2ForSequenceClassification', { kind: 'classification', labels: ['all a', 'all b', 'all c'] }]);

    jsonl('mc.jsonl', Array.from({ length: 6 }, (_, i) => ({ context: 'ab', choices: ['a', 'bb', 'c'].slice(0, 2 + (i % 2)), label: i % 2 })));
    const mc = run(['--ckpt', f('lm.safetensors'), '--data', f('mc.jsonl'), '--steps', '1', '--batch', '3', '--lambda', '0']);
    expect(mc.status, mc.stderr).toBe(0);
    expect(mc.lines.find((l) => !('event' in l))).toMatchObject({ step: 1, lmLoss: null });
    expect(mc.lines.at(-1)).toMatchObject({ event: 'done', task: 'multiple_choice', chance: 1 / 3 }); // the held-out record has 3 choices

    const err = (args: string[]) => {
      const y = run(args);
      expect(y.status).toBe(1);
      return String(y.lines[0]?.error);
    };
    const ft = (data: string, ...more: string[]) => err(['--ckpt', f('lm.safetensors'), '--data', f(data), ...more]);
    jsonl('unknown.jsonl', [{ question: 'a', answer: 'b' }]);
    expect(ft('unknown.jsonl')).toMatch(/unknown.jsonl:1: unknown task kind: keys "question", "answer" match no format/);
    jsonl('mixed.jsonl', [{ text: 'a', label: 'x' }, { text_a: 'a', text_b: 'b', label: 'y' }]);
    expect(ft('mixed.jsonl')).toMatch(/mixed.jsonl:2: a similarity record, but line 1 is classification/);
    jsonl('range.jsonl', [{ context: 'a', choices: ['a', 'b'], label: 0 }, { context: 'a', choices: ['a', 'b'], label: 2 }]);
    expect(ft('range.jsonl')).toMatch(/range.jsonl:2: label 2 is out of range: the record has 2 choices/);
    jsonl('chars.jsonl', [{ text: 'ab', label: 'x' }, { text: 'aXé', label: 'y' }]);
    expect(ft('chars.jsonl')).toMatch(/chars.jsonl: 2 characters not in the model's vocabulary \(4 characters\): "X" \(U\+0058\), "é" \(U\+00E9\); first in record 2/);
    jsonl('long.jsonl', [{ premise: 'abcabc', hypothesis: 'abcab', label: 'x' }, { premise: 'a', hypothesis: 'b', label: 'y' }]);
    expect(ft('long.jsonl')).toMatch(/long.jsonl: record 1 is 14 tokens with the start, delimiter and extract tokens, more than the 12/);
    expect(err(['--ckpt', f('cls.safetensors'), '--data', f('cls.jsonl')])).toMatch(/cls.safetensors is a task model \(GPT2ForSequenceClassification, classification with 3 labels\), but a language model/);
  });
});
