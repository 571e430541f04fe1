// File helpers shared by the Node entry points: checkpoints and JSONL data read with the file named in every
// error, bundled JSONL datasets by id, and atomic output (a temporary file beside the target, then a rename, so a
// crash or a full disk never leaves a half-written file where the previous one was). Tested by cli.test.ts and
// stages-cli.test.ts.

import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { decodeCheckpoint, type Gpt2Checkpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { decodeCorpus } from '../engine/data/corpus';
import { datasetInfo, datasetPath, type DatasetKind } from '../engine/data/datasets';
import { projectRoot, readBytes } from './load-data';

export function loadCheckpoint(file: string): Gpt2Checkpoint {
  try {
    return decodeCheckpoint(readBytes(file));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(message.startsWith('cannot read') ? message : `${file}: ${message}`);
  }
}

/** A UTF-8 text file (binary or empty files get decodeCorpus's clear message). */
export function readText(file: string): string {
  return decodeCorpus(readBytes(file), file);
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
    throw new Error(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** Writes `data` to `file` atomically: a temporary file in the same folder, then a rename over the target. */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new Error(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
