// The stage commands end to end, as a user runs them (bundled with esbuild, Node WebGPU adapter): train → sft →
// rank → reward → score → ppo, and sample --prompts, with a few steps each; then the clear errors for a reward model
// given where a language model is expected (and back), malformed JSONL (line named), K < 2 and --out equal to
// an input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain .mjs build script without type declarations
import { buildNode } from '../../scripts/build-node.mjs';

const dir = mkdtempSync(join(tmpdir(), 'gpt-lab-stages-'));
const f = (name: string) => join(dir, name);

function run(name: string, args: string[]): { status: number | null; lines: Record<string, unknown>[]; stderr: string } {
  const r = spawnSync(process.execPath, [join('dist-node', `${name}.js`), ...args, '--json'], { encoding: 'utf8', timeout: 300_000 });
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return { status: r.status, lines, stderr: r.stderr };
}

describe('stage commands', () => {
  beforeAll(async () => {
    await buildNode(['src/cli/train.ts', 'src/cli/sft.ts', 'src/cli/rank.ts', 'src/cli/reward.ts', 'src/cli/score.ts', 'src/cli/sample.ts', 'src/cli/ppo.ts']);
  });

  it('train → sft → rank → reward → score → ppo, and sample --prompts', { timeout: 600_000 }, () => {
    const t = run('train', ['--dataset', 'tinystories-en', '--preset', 'tiny', '--steps', '2', '--eval-every', '0', '--out', f('lm.safetensors')]);
    expect(t.status, t.stderr).toBe(0);
    const s = run('sft', ['--init', f('lm.safetensors'), '--dataset', 'sft-en', '--steps', '2', '--batch', '4', '--lambda', '0.5', '--out', f('sft.safetensors')]);
    expect(s.status, s.stderr).toBe(0);
    expect(s.lines[0]).toMatchObject({ event: 'start', stage: 'sft', lambda: 0.5, trainExamples: 1350, valExamples: 150 });
    expect(s.lines.filter((l) => 'valCompletionLoss' in l).map((l) => l.step)).toEqual([0, 2]);
    expect(s.lines.filter((l) => l.event === 'sample').length).toBeGreaterThan(0);

    writeFileSync(f('prompts.jsonl'), ['Who is Tom?\n', 'The park:\n', 'Tell of Amy:\n', 'A kind fox:\n'].map((prompt) => JSON.stringify({ prompt })).join('\n'));
    const r = run('rank', ['--ckpt', f('sft.safetensors'), '--prompts', f('prompts.jsonl'), '--k', '3', '--labeler', 'positive', '--tokens', '8', '--out', f('sampled.jsonl')]);
    expect(r.status, r.stderr).toBe(0);
    const sampled = readFileSync(f('sampled.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(r.lines.at(-1)).toMatchObject({ event: 'done', records: sampled.length });
    expect(sampled.every((x) => x.ranked.length >= 2 && x.ranked.length <= 3)).toBe(true);
    // The reward model trains on rankings made by a fixed rule (a barely trained model's samples may all tie).
    const answers = ['He is my friend.', 'The park is fun.', 'Amy is shy.', 'The fox is kind.'];
    writeFileSync(f('ranked.jsonl'), ['Who is Tom?\n', 'The park:\n', 'Tell of Amy:\n', 'A kind fox:\n'].map((prompt, i) => JSON.stringify({ prompt, ranked: [answers[i], answers[i].slice(0, 5), ''] })).join('\n'));

    const rm = run('reward', ['--init', f('sft.safetensors'), '--data', f('ranked.jsonl'), '--steps', '2', '--batch', '6', '--out', f('rm.safetensors')]);
    expect(rm.status, rm.stderr).toBe(0);
    expect(rm.lines.filter((l) => 'valAccuracy' in l).map((l) => l.step)).toEqual([0, 2]);
    expect(rm.lines.at(-1)).toMatchObject({ event: 'done', stage: 'reward' });

    const sc = run('score', ['--ckpt', f('rm.safetensors'), '--data', f('ranked.jsonl')]);
    expect(sc.status, sc.stderr).toBe(0);
    expect(sc.lines.slice(0, 4).map((l) => (l.scores as number[]).length)).toEqual([3, 3, 3, 3]);
    expect(sc.lines.at(-1)).toMatchObject({ event: 'summary', records: 4, pairs: 12 });
    expect(Number(sc.lines.at(-1)!.accuracy)).toBeGreaterThanOrEqual(0);

    const ppo = run('ppo', ['--policy', f('sft.safetensors'), '--reward', f('rm.safetensors'), '--prompts', f('prompts.jsonl'), '--labeler', 'concise', '--steps', '1', '--batch', '4', '--epochs', '1', '--response-len', '6', '--out', f('policy.safetensors')]);
    expect(ppo.status, ppo.stderr).toBe(0);
    const iteration = ppo.lines.find((l) => l.rollout === 1 && !('event' in l))!;
    for (const k of ['objective/scores', 'objective/kl', 'objective/labeler_score', 'policy/clipfrac_avg', 'loss/value_avg', 'loss/ptx_avg']) expect(Number.isFinite(iteration[k]), k).toBe(true);
    expect(ppo.lines.filter((l) => l.event === 'eval').map((l) => l.rollout)).toEqual([0, 1]);
    expect(ppo.lines.at(-1)).toMatchObject({ event: 'done', stage: 'ppo', rollouts: 1 });

    const sp = run('sample', ['--ckpt', f('sft.safetensors'), '--prompts', f('prompts.jsonl'), '--tokens', '5']);
    expect(sp.status, sp.stderr).toBe(0);
    expect(sp.lines.map((l) => l.prompt)).toEqual(['Who is Tom?\n', 'The park:\n', 'Tell of Amy:\n', 'A kind fox:\n']);
    expect(sp.lines.every((l) => Array.from(String(l.completion)).length <= 5)).toBe(true);

    // Bad input, each with its message and a non-zero status.
    const err = (name: string, args: string[]) => {
      const x = run(name, args);
      expect(x.status).toBe(1);
      return String(x.lines[0]?.error);
    };
    expect(err('sft', ['--init', f('rm.safetensors'), '--dataset', 'sft-en'])).toMatch(/rm.safetensors is a reward model .* language model \(GPT2LMHeadModel\) is expected/);
    expect(err('score', ['--ckpt', f('sft.safetensors'), '--data', f('ranked.jsonl')])).toMatch(/sft.safetensors is a language model .* a reward model/);
    writeFileSync(f('bad.jsonl'), '{"prompt":"a","completion":"b."}\n{"prompt": "a", completion}\n');
    expect(err('sft', ['--init', f('sft.safetensors'), '--data', f('bad.jsonl')])).toMatch(/bad.jsonl:2: not valid JSON/);
    writeFileSync(f('k1.jsonl'), '{"prompt":"a","ranked":["b."]}\n');
    expect(err('reward', ['--init', f('sft.safetensors'), '--data', f('k1.jsonl')])).toMatch(/k1.jsonl:1: needs at least 2 responses \(K >= 2\), got 1/);
    expect(err('sft', ['--init', f('sft.safetensors'), '--dataset', 'sft-en', '--out', f('sft.safetensors')])).toMatch(/--out .* is also an input/);
    expect(err('ppo', ['--policy', f('rm.safetensors'), '--reward', f('rm.safetensors'), '--prompts', f('prompts.jsonl')])).toMatch(/rm.safetensors is a reward model .* language model/);
    expect(err('rank', ['--ckpt', f('sft.safetensors'), '--prompts', f('prompts.jsonl'), '--k', '1', '--out', f('r1.jsonl')])).toMatch(/--k must be at least 2 \(got 1\)/);
  });
});
