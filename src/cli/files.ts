// File helpers shared by the Node entry points: checkpoints and JSONL data read with the file named in every
// error, bundled JSONL datasets by id, and atomic output (a temporary file beside the target, flushed to disk, then
// a rename, so a crash, a kill or a full disk never leaves a half-written file where the previous one was).
// Tested by files-faults.test.ts (a write failing at every byte offset, a real full tmpfs), save-signals.test.ts
// (SIGKILL and SIGINT during saves), cli.test.ts and stages-cli.test.ts.

import * as nodeFs from 'node:fs';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import { decodeCheckpoint, type Gpt2Checkpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { decodeCorpus } from '../engine/data/corpus';
import { datasetInfo, datasetPath, type DatasetKind } from '../engine/data/datasets';
import { projectRoot, readBytes, readCorpus } from './load-data';
import { requireFiniteWeights } from './weights';

export function loadCheckpoint(file: string): Gpt2Checkpoint {
  let ckpt: Gpt2Checkpoint;
  try {
    ckpt = decodeCheckpoint(readBytes(file));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(message.startsWith('cannot read') ? message : `${file}: ${message}`);
  }
  requireFiniteWeights(ckpt, file); // NaN/Inf weights would only print NaN or garbage later
  return ckpt;
}

/** A UTF-8 text file, refused by its size before reading when over the corpus limit (binary or empty files get
 *  decodeCorpus's clear message). */
export function readText(file: string): string {
  return readCorpus(file);
}

/** JSONL text from `--data FILE` or a bundled dataset `--dataset ID` of the given kind. */
export function loadJsonl(opts: { data?: string; dataset?: string }, kind: DatasetKind): { text: string; name: string } {
  if (opts.data && opts.dataset) throw new Error('give either --data FILE or --dataset ID, not both');
  if (opts.data) return { text: readText(opts.data), name: opts.data };
  if (opts.dataset) {
    const info = datasetInfo(opts.dataset);
    if (info.kind !== kind) throw new Error(`dataset "${opts.dataset}" holds ${info.kind ?? 'text'} data, not ${kind}`);
    return { text: decodeCorpus(readBytes(join(projectRoot(), 'public', datasetPath(opts.dataset))), opts.dataset), name: opts.dataset };
  }
  throw new Error('give --data FILE.jsonl or --dataset ID');
}

/** Refuses an output path that is one of the inputs (it would destroy the data the run reads). */
export function checkOutput(out: string, inputs: ReadonlyArray<string | undefined>): void {
  for (const i of inputs) if (i && resolve(i) === resolve(out)) throw new Error(`--out ${out} is also an input; write the output to another file`);
}

/**
 * Checks, before any GPU work, that `file` can be written: its folder exists and takes a new file (a probe file
 * is created and removed beside it; an existing `file` is left untouched), and `file` is not a folder.
 */
export function checkWritable(file: string): void {
  if (existsSync(file) && statSync(file).isDirectory()) throw new Error(`cannot write ${file}: it is a folder`);
  const probe = join(dirname(file), `.${basename(file)}.${process.pid}.probe`);
  try {
    writeFileSync(probe, '');
  } catch (e) {
    throw new Error(`cannot write ${file}: ${reason(e)}`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** An error for a user: the system code with its meaning ("ENOSPC (no space left on device)"), or the message. */
function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (!err?.code) return e instanceof Error ? e.message : String(e);
  const meaning = typeof err.errno === 'number' ? getSystemErrorMap().get(err.errno)?.[1] : undefined;
  return meaning ? `${err.code} (${meaning})` : err.code;
}

/** The file operations writeFileAtomic uses (node:fs by default; tests pass one that fails on purpose). */
export interface AtomicWriteFs {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, opts: { force: boolean }): void;
}

const realFs: AtomicWriteFs = {
  openSync: (path, flags) => nodeFs.openSync(path, flags),
  writeSync: (fd, buffer, offset, length) => nodeFs.writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => nodeFs.fsyncSync(fd),
  closeSync: (fd) => nodeFs.closeSync(fd),
  renameSync: (from, to) => nodeFs.renameSync(from, to),
  rmSync: (path, opts) => nodeFs.rmSync(path, opts),
};

const TMP_NAME = /^\.(.+)\.(\d+)\.tmp$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Removes temporary files that earlier saves of `file` left behind when their process was killed (SIGKILL, or
 * SIGINT with no handler, runs no cleanup): `.NAME.PID.tmp` beside it whose PID no longer runs. Best effort.
 */
function removeStaleTemps(file: string): void {
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    const m = TMP_NAME.exec(name);
    if (!m || m[1] !== basename(file) || Number(m[2]) === process.pid || processAlive(Number(m[2]))) continue;
    try {
      rmSync(join(dirname(file), name), { force: true });
    } catch {
      // not ours to remove after all (permissions): the save goes on without that space
    }
  }
}

/**
 * Writes `data` to `file` atomically: a temporary file in the same folder, written in full and flushed to disk
 * (fsync, so a power cut after the rename cannot leave an empty file), then renamed over the target. On any
 * failure the temporary file is removed and the target is untouched. `fs` is for tests.
 */
export function writeFileAtomic(file: string, data: Uint8Array | string, fs: AtomicWriteFs = realFs): void {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  removeStaleTemps(file); // before writing: on a full disk their space is what the new file may need
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'w');
    for (let at = 0; at < bytes.length; ) {
      const n = fs.writeSync(fd, bytes, at, bytes.length - at);
      if (!(n > 0)) throw new Error(`the system wrote ${n} bytes at offset ${at} of ${bytes.length}`);
      at += n;
    }
    try {
      fs.fsyncSync(fd);
    } catch (e) {
      // A file system without fsync (some FUSE mounts) still gets an atomic rename; a failed flush does not.
      if (!['EINVAL', 'ENOTSUP', 'ENOSYS'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    }
    const done = fd;
    fd = undefined;
    fs.closeSync(done);
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // the write already failed; that error is the one to report
      }
    }
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the next save of `file` from this process overwrites it; one from another process removes it
    }
    throw new Error(`cannot write ${file}: ${reason(e)}${existsSync(file) ? `; ${basename(file)} still holds its previous contents` : ''}`);
  }
}
