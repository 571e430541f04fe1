// `lesson` as a user runs it (bundled with esbuild): the refusals that come before any GPU work — an unknown
// lesson, an unknown language, a step count below 1 — each one clear line (or a JSON error) and exit status 1.
// The lessons themselves run in the learning tests (src/engine/lessons/*.test.ts) and the browser tests.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain .mjs build script without type declarations
import { buildNode } from '../../scripts/build-node.mjs';

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join('dist-node', 'lesson.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('lesson command', () => {
  beforeAll(async () => {
    await buildNode(['src/cli/lesson.ts']);
  }, 120_000);

  it('refuses an unknown lesson, naming the known ones', () => {
    const r = run(['--id', 'nope']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/give --id, one of gpt1-heads, zero-shot, in-context, chain-of-thought \(got "nope"\)/);
  });

  it('refuses an unknown language and a step count below 1, as JSON with --json', () => {
    const lang = run(['--id', 'in-context', '--lang', 'fr', '--json']);
    expect(lang.status).toBe(1);
    expect(JSON.parse(lang.stdout.trim())).toEqual({ error: '--lang must be en or zh (got "fr")' });
    const steps = run(['--id', 'zero-shot', '--steps', '0']);
    expect(steps.status).toBe(1);
    expect(steps.stderr).toMatch(/--steps must be at least 1/);
  });
});
