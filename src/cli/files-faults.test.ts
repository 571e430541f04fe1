// Fault injection for writeFileAtomic (src/cli/files.ts): a write that fails at every byte offset of a checkpoint,
// failures in open, fsync, close and rename, short writes, a system that writes nothing, temporary files left by
// killed saves, and a real full disk (a 64 KiB tmpfs, which needs root: CI runs as root). After every failure the
// previous checkpoint is byte-identical and decodes, no temporary file is left, and the error names the target.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import type { ModelConfig } from '../engine/config';
import { CharTokenizer, EOT } from '../engine/data/tokenizer';
import { paramLayout } from '../engine/model/params';
import { Rng } from '../engine/rng';
import { writeFileAtomic, type AtomicWriteFs } from './files';

const tokenizer = CharTokenizer.fromVocab(['a', 'b', 'c', 'd', 'e'], [EOT]);

/** A checkpoint of a tiny LM with seeded values; bigger with more layers or width. */
function checkpoint(nLayer: number, nEmbd: number, seed: number): Uint8Array {
  const config: ModelConfig = { nLayer, nHead: 2, nEmbd, blockSize: 8, vocabSize: tokenizer.size };
  return encodeCheckpoint(config, tokenizer, new Rng(seed).normals(paramLayout(config).total));
}

/** A system error as node:fs throws it (code and libuv errno, so the message can say what it means). */
function sysError(code: 'ENOSPC' | 'EIO' | 'EACCES' | 'EXDEV' | 'ENOSYS', syscall: string): NodeJS.ErrnoException {
  const errno = { ENOSPC: -28, EIO: -5, EACCES: -13, EXDEV: -18, ENOSYS: -38 }[code];
  return Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, errno, syscall });
}

/** node:fs, except that only `budget` bytes fit (then ENOSPC), at most `chunk` bytes go per call, and `fail` throws. */
function faultyFs(opts: { budget?: number; chunk?: number; fail?: Partial<Record<keyof AtomicWriteFs, NodeJS.ErrnoException>>; writes?: number }): AtomicWriteFs {
  let budget = opts.budget ?? Infinity;
  const failing = <K extends keyof AtomicWriteFs>(name: K): void => {
    const e = opts.fail?.[name];
    if (e) throw e;
  };
  return {
    openSync: (p, flags) => (failing('openSync'), fs.openSync(p, flags)),
    writeSync: (fd, buf, off, len) => {
      failing('writeSync');
      if (opts.writes === 0) return 0;
      const n = Math.min(len, budget, opts.chunk ?? Infinity);
      if (n === 0) throw sysError('ENOSPC', 'write');
      budget -= n;
      return fs.writeSync(fd, buf, off, n);
    },
    fsyncSync: (fd) => (failing('fsyncSync'), fs.fsyncSync(fd)),
    closeSync: (fd) => (failing('closeSync'), fs.closeSync(fd)),
    renameSync: (a, b) => (failing('renameSync'), fs.renameSync(a, b)),
    rmSync: (p, o) => (failing('rmSync'), fs.rmSync(p, o)),
  };
}

/** The target is byte-identical to `expected`, decodes, and is the only file in its folder. */
function expectIntact(dir: string, target: string, expected: Uint8Array): void {
  const onDisk = new Uint8Array(fs.readFileSync(target));
  expect(Buffer.compare(onDisk, expected)).toBe(0);
  expect(decodeCheckpoint(onDisk).config.nLayer).toBeGreaterThan(0);
  expect(fs.readdirSync(dir)).toEqual([target.split('/').at(-1)]);
}

function errorOf(f: () => void): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the write to fail, but it succeeded');
}

describe('writeFileAtomic under injected faults', () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'gpt-lab-faults-'));
  const target = join(dir, 'model.safetensors');
  const oldCkpt = checkpoint(1, 8, 1);
  const newCkpt = checkpoint(1, 8, 2);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the previous checkpoint intact when the disk fills at every byte offset of the new one', () => {
    expect(newCkpt.length).toBeGreaterThan(4000); // a few KB: several thousand offsets
    writeFileAtomic(target, oldCkpt);
    const expectedMessage = `cannot write ${target}: ENOSPC (no space left on device); model.safetensors still holds its previous contents`;
    let failures = 0;
    for (let n = 0; n < newCkpt.length; n++) {
      // Odd chunk sizes also exercise short writes (the writer must loop until every byte is written).
      const e = errorOf(() => writeFileAtomic(target, newCkpt, faultyFs({ budget: n, chunk: n % 3 === 0 ? undefined : 1 + (n % 997) })));
      if (e.message !== expectedMessage) expect(e.message).toBe(expectedMessage);
      expectIntact(dir, target, oldCkpt);
      failures++;
    }
    expect(failures).toBe(newCkpt.length);
    writeFileAtomic(target, newCkpt, faultyFs({ budget: newCkpt.length, chunk: 333 }));
    expectIntact(dir, target, newCkpt);
    console.log(`files-faults: ${failures} failing byte offsets (0..${newCkpt.length - 1}) + 1 complete write of ${newCkpt.length} bytes`);
  });

  it('keeps the previous checkpoint when open, write, fsync, close, rename (or removing the temporary file) fails', () => {
    writeFileAtomic(target, oldCkpt);
    const cases: Array<[keyof AtomicWriteFs, NodeJS.ErrnoException, string]> = [
      ['openSync', sysError('EACCES', 'open'), 'EACCES (permission denied)'],
      ['writeSync', sysError('EIO', 'write'), 'EIO (i/o error)'],
      ['fsyncSync', sysError('ENOSPC', 'fsync'), 'ENOSPC (no space left on device)'],
      ['closeSync', sysError('EIO', 'close'), 'EIO (i/o error)'],
      ['renameSync', sysError('EXDEV', 'rename'), 'EXDEV (cross-device link not permitted)'],
    ];
    for (const [op, err, said] of cases) {
      const e = errorOf(() => writeFileAtomic(target, newCkpt, faultyFs({ fail: { [op]: err } })));
      expect(e.message, op).toBe(`cannot write ${target}: ${said}; model.safetensors still holds its previous contents`);
      expectIntact(dir, target, oldCkpt);
    }
    // Removing the temporary file fails too: the write error is still the one reported, and the next save
    // (same process, same temporary name) replaces the leftover.
    const e = errorOf(() => writeFileAtomic(target, newCkpt, faultyFs({ fail: { fsyncSync: sysError('EIO', 'fsync'), rmSync: sysError('EIO', 'unlink') } })));
    expect(e.message).toContain(`cannot write ${target}: EIO`);
    expect(fs.readdirSync(dir).length).toBe(2);
    writeFileAtomic(target, newCkpt);
    expectIntact(dir, target, newCkpt);
    // A file system that has no fsync at all still gets the atomic rename.
    writeFileAtomic(target, oldCkpt, faultyFs({ fail: { fsyncSync: sysError('ENOSYS', 'fsync') } }));
    expectIntact(dir, target, oldCkpt);
  });

  it('stops instead of looping forever when the system writes nothing, and names a missing folder', () => {
    writeFileAtomic(target, oldCkpt);
    expect(errorOf(() => writeFileAtomic(target, newCkpt, faultyFs({ writes: 0 }))).message).toBe(
      `cannot write ${target}: the system wrote 0 bytes at offset 0 of ${newCkpt.length}; model.safetensors still holds its previous contents`,
    );
    expectIntact(dir, target, oldCkpt);
    const missing = join(dir, 'no-such-folder', 'x.safetensors');
    expect(errorOf(() => writeFileAtomic(missing, newCkpt)).message).toBe(`cannot write ${missing}: ENOENT (no such file or directory)`);
  });

  it('removes temporary files that killed saves of the same file left, and only those', () => {
    writeFileAtomic(target, oldCkpt);
    const dead = join(dir, '.model.safetensors.99999999.tmp'); // above any pid_max: that process cannot run
    const alive = join(dir, `.model.safetensors.${process.ppid}.tmp`); // a save in progress in another process
    const other = join(dir, '.other.safetensors.99999999.tmp'); // another target's
    for (const f of [dead, alive, other]) fs.writeFileSync(f, oldCkpt.subarray(0, 100));
    writeFileAtomic(target, newCkpt);
    expect(fs.readdirSync(dir).sort()).toEqual(['.model.safetensors.' + process.ppid + '.tmp', '.other.safetensors.99999999.tmp', 'model.safetensors']);
    for (const f of [alive, other]) fs.rmSync(f);
    expectIntact(dir, target, newCkpt);
  });
});

describe('writeFileAtomic on a real full disk (a 64 KiB tmpfs)', () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'gpt-lab-tmpfs-'));
  const target = join(dir, 'model.safetensors');
  let mounted = false;

  beforeAll(() => {
    // No skip: CI runs as root, where this must work; elsewhere the test fails saying what it needs.
    if (process.getuid?.() !== 0) throw new Error(`this test mounts a tmpfs and must run as root (uid is ${process.getuid?.()}); CI runs as root`);
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mount -t tmpfs failed (status ${r.status}): ${r.error?.message ?? r.stderr.trim()}; this test needs a root that may mount (CAP_SYS_ADMIN)`);
    mounted = true;
  });

  afterAll(() => {
    if (mounted) {
      const r = spawnSync('umount', [dir], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`umount ${dir} failed: ${r.stderr.trim()}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails with ENOSPC, keeps the previous checkpoint, and frees the space it took', () => {
    const small = checkpoint(1, 16, 3); // ~15 KB: 4 pages of 4 KiB
    const big = checkpoint(4, 16, 4); // ~58 KB: with the previous file kept alongside, more than 64 KiB
    const medium = checkpoint(2, 16, 5); // ~31 KB: fits beside `small`
    const pages = (b: Uint8Array) => Math.ceil(b.length / 4096);
    expect([pages(small), pages(big), pages(medium)]).toEqual([4, 15, 8]);

    writeFileAtomic(target, small);
    expect(errorOf(() => writeFileAtomic(target, big)).message).toBe(
      `cannot write ${target}: ENOSPC (no space left on device); model.safetensors still holds its previous contents`,
    );
    expectIntact(dir, target, small);
    writeFileAtomic(target, medium); // the failed temporary file's pages were released
    expectIntact(dir, target, medium);
  });

  it('reclaims the space of a killed save’s temporary file before writing', () => {
    const small = checkpoint(1, 16, 6);
    const medium = checkpoint(2, 16, 7);
    writeFileAtomic(target, medium); // 8 pages
    const leftover = (pid: number) => join(dir, `.model.safetensors.${pid}.tmp`);
    fs.writeFileSync(leftover(process.ppid), new Uint8Array(5 * 4096)); // a live process's save: 13 pages used
    expect(errorOf(() => writeFileAtomic(target, small)).message).toMatch(/ENOSPC \(no space left on device\); model.safetensors still holds/);
    expect(fs.readdirSync(dir).length).toBe(2);
    fs.renameSync(leftover(process.ppid), leftover(99999999)); // now its process is gone: the leftover may go
    writeFileAtomic(target, small);
    expectIntact(dir, target, small);
  });
});
