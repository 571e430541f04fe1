// SIGKILL and SIGINT during checkpoint saves: a child Node process (writeFileAtomic bundled with esbuild, as the
// command-line tools are) rewrites a multi-megabyte checkpoint in a loop, alternating two versions of different
// sizes, and is killed at seeded random moments. Each time the file must be byte-identical to one of the two
// versions and decode; never truncated or mixed. The next save (here, in the test process) removes the temporary
// file the killed save left.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain .mjs build script without type declarations
import { buildNode } from '../../scripts/build-node.mjs';
import { decodeCheckpoint, encodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import type { ModelConfig } from '../engine/config';
import { CharTokenizer, EOT } from '../engine/data/tokenizer';
import { paramLayout } from '../engine/model/params';
import { Rng } from '../engine/rng';
import { writeFileAtomic } from './files';

const KILLS_PER_SIGNAL = 15;

const dir = fs.mkdtempSync(join(tmpdir(), 'gpt-lab-signals-'));
const out = join(dir, 'out'); // only the target and the temporary files of its saves live here
const target = join(out, 'model.safetensors');
let saver = '';

/** The child: reads the two versions, says "ready" once it is about to save, then saves them in turn forever. */
const SAVER = `
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from ${JSON.stringify(resolve('src/cli/files.ts'))};
const [target, a, b] = process.argv.slice(2);
const versions = [new Uint8Array(readFileSync(a)), new Uint8Array(readFileSync(b))];
process.stdout.write('ready\\n');
for (let i = 1; ; i++) writeFileAtomic(target, versions[i % 2]);
`;

const tokenizer = CharTokenizer.fromVocab(['a', 'b', 'c'], [EOT]);
function checkpoint(nLayer: number, seed: number): Uint8Array {
  const config: ModelConfig = { nLayer, nHead: 4, nEmbd: 128, blockSize: 64, vocabSize: tokenizer.size };
  return encodeCheckpoint(config, tokenizer, new Rng(seed).normals(paramLayout(config).total));
}
const versionA = checkpoint(4, 1); // ~3.2 MB, on disk before each child starts
const versionB = checkpoint(3, 2); // ~2.4 MB, the child's first save: a truncated or mixed file matches neither

/** Starts the saver, waits for "ready", kills it `delayMs` later with `signal`; resolves with how it ended. */
function saveAndKill(signal: NodeJS.Signals, delayMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [saver, target, join(dir, 'a'), join(dir, 'b')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => setTimeout(() => child.kill(signal), delayMs));
    child.on('error', fail);
    child.on('exit', (code, sig) => done({ code, signal: sig, stderr }));
  });
}

describe('checkpoint saves killed by signals', () => {
  beforeAll(async () => {
    fs.mkdirSync(out);
    fs.writeFileSync(join(dir, 'a'), versionA);
    fs.writeFileSync(join(dir, 'b'), versionB);
    const entry = join(dir, 'saver.ts');
    fs.writeFileSync(entry, SAVER);
    [saver] = await buildNode([entry], join(dir, 'dist'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`leaves the old or the new checkpoint, whole, after ${KILLS_PER_SIGNAL} SIGKILLs and ${KILLS_PER_SIGNAL} SIGINTs`, async () => {
    // How long one save takes here sets the range of kill moments (a few saves' worth).
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) writeFileAtomic(target, i % 2 ? versionB : versionA);
    const saveMs = (performance.now() - t0) / 3;
    const rng = new Rng(20240531);
    const tally = { kills: 0, midSave: 0, a: 0, b: 0 };
    for (let k = 0; k < 2 * KILLS_PER_SIGNAL; k++) {
      const signal: NodeJS.Signals = k % 2 ? 'SIGINT' : 'SIGKILL';
      writeFileAtomic(target, versionA);
      const delay = Math.floor(rng.uniform() * 4 * saveMs);
      const end = await saveAndKill(signal, delay);
      expect(end, `kill ${k} (${signal} after ${delay} ms): ${end.stderr}`).toEqual({ code: null, signal, stderr: '' });
      tally.kills++;

      const onDisk = new Uint8Array(fs.readFileSync(target));
      const isA = Buffer.compare(onDisk, versionA) === 0;
      const isB = Buffer.compare(onDisk, versionB) === 0;
      expect(isA || isB, `kill ${k} (${signal} after ${delay} ms): ${onDisk.length} bytes, neither version`).toBe(true);
      expect(decodeCheckpoint(onDisk).config.nLayer).toBe(isA ? 4 : 3);
      tally[isA ? 'a' : 'b']++;

      // A kill between open and rename leaves the child's temporary file; the next save removes it.
      const left = fs.readdirSync(out).filter((f) => f !== 'model.safetensors');
      expect(left.every((f) => /^\.model\.safetensors\.\d+\.tmp$/.test(f)), left.join(', ')).toBe(true);
      if (left.length > 0) tally.midSave++;
      writeFileAtomic(target, versionA);
      expect(fs.readdirSync(out)).toEqual(['model.safetensors']);
    }
    console.log(`save-signals: ${tally.kills} kills (${KILLS_PER_SIGNAL} SIGKILL, ${KILLS_PER_SIGNAL} SIGINT), ${tally.midSave} during a save (temporary file present); file afterwards: version A ${tally.a} times, B ${tally.b} times; one save ≈ ${saveMs.toFixed(1)} ms`);
    // The kills must land in saves for this test to mean anything: the child does nothing else, but a kill while
    // the kernel frees the replaced file (inside rename) leaves no temporary file, so not every kill shows one.
    expect(tally.midSave).toBeGreaterThanOrEqual(3);
    expect(tally.a > 0 && tally.b > 0).toBe(true); // the child started with B: both outcomes were reached
  });
});
