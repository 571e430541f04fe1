// Exported run folders on disk (FOLDER.md): writes the files buildRunFolder made (refusing a non-empty folder
// unless forced, each file written atomically) and reads a folder back — the model, the run description and, when
// the folder has them, the AdamW moments of optimizer.safetensors (written by train_ddp.py), so Node code can
// continue from a folder with Trainer.restore. Tested by export.test.ts.

import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { decodeCheckpoint, type Gpt2Checkpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { decodeOptimizerState, type OptimizerState } from '../engine/export/optimizer-state';
import { parseRunDescription, type RunDescription } from '../engine/export/run-description';
import { buildRunFolder, type RunFolderInput } from '../engine/export/run-folder';
import { writeFileAtomic } from './files';
import { readBytes, readCorpus } from './load-data';

const OPTIMIZER_FILE = 'optimizer.safetensors';

/** Throws unless `dir` is absent, an empty folder, or (with `force`) any folder. */
export function checkFolderWritable(dir: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new Error(`cannot write the folder ${dir}: a file of that name exists`);
  if (readdirSync(dir).length > 0 && !force) throw new Error(`${dir} is not empty; choose a new folder, or give --force to write into it (files of the same names are replaced)`);
}

/**
 * Writes `files` (folder-relative paths → bytes) under `dir`, creating it and its subfolders. A `dir` that holds
 * anything is refused unless `force` (then files of the same names are replaced, and a stale optimizer.safetensors
 * that the new folder lacks is removed, so old moments never pass for the new run's).
 */
export function writeRunFolder(dir: string, files: ReadonlyMap<string, Uint8Array>, opts: { force?: boolean } = {}): void {
  checkFolderWritable(dir, opts.force ?? false);
  for (const path of files.keys()) {
    if (isAbsolute(path) || normalize(path).startsWith('..')) throw new Error(`export: ${path} is not a path inside the folder`);
  }
  mkdirSync(dir, { recursive: true });
  if (!files.has(OPTIMIZER_FILE)) rmSync(join(dir, OPTIMIZER_FILE), { force: true });
  for (const [path, bytes] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileAtomic(target, bytes);
  }
}

/** buildRunFolder then writeRunFolder. */
export function exportRunFolder(dir: string, input: RunFolderInput, opts: { force?: boolean } = {}): void {
  writeRunFolder(dir, buildRunFolder(input), opts);
}

export interface RunFolder {
  checkpoint: Gpt2Checkpoint;
  /** gpt_lab_run.json, when the folder has one. */
  run?: RunDescription;
  /** The run's data text (run.data.file inside the folder). */
  data?: string;
  /** optimizer.safetensors in the flat layout over the trained range, when the folder has one. */
  optimizer?: OptimizerState;
}

function named<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(message.startsWith('cannot read') ? message : `${file}: ${message}`);
  }
}

/** Reads an exported folder (or one train_ddp.py wrote); every error names the file. */
export function readRunFolder(dir: string): RunFolder {
  const modelFile = join(dir, 'model.safetensors');
  const checkpoint = named(modelFile, () => decodeCheckpoint(readBytes(modelFile)));
  const out: RunFolder = { checkpoint };
  const runFile = join(dir, 'gpt_lab_run.json');
  if (existsSync(runFile)) {
    const run = named(runFile, () => parseRunDescription(JSON.parse(new TextDecoder().decode(readBytes(runFile)))));
    out.run = run;
    const dataFile = join(dir, run.data.file);
    if (isAbsolute(run.data.file) || normalize(run.data.file).startsWith('..')) throw new Error(`${runFile}: data.file ${run.data.file} is not a path inside the folder`);
    out.data = readCorpus(dataFile);
  }
  const optimizerFile = join(dir, OPTIMIZER_FILE);
  if (existsSync(optimizerFile)) {
    out.optimizer = named(optimizerFile, () => decodeOptimizerState(readBytes(optimizerFile), checkpoint.layout, checkpoint.layout.trainableEnd));
  }
  return out;
}
