// Reads a corpus for a Node entry point: `--data FILE` (any UTF-8 text file) or `--dataset ID` (bundled under
// public/datasets of the project root, wherever the command runs from). Unreadable, empty and binary files fail
// with a clear message from decodeCorpus; files too large to tokenize fail before they are read.
// Tested by load-data.test.ts and cli.test.ts.

import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCorpus } from '../engine/data/corpus';
import { datasetInfo, datasetPath, textDatasets } from '../engine/data/datasets';

/**
 * The project root: env GPT_LAB_ROOT (set by scripts/run-cli.mjs, which runs a command in the folder `npm run` was
 * started from), else found from this file (src/cli) or from its bundle (dist-node). Never the working folder.
 */
export function projectRoot(): string {
  if (process.env.GPT_LAB_ROOT) return process.env.GPT_LAB_ROOT;
  return join(dirname(fileURLToPath(import.meta.url)), '..', ...(import.meta.url.includes('/src/cli/') ? ['..'] : []));
}

/**
 * Largest corpus file, in bytes. The character tokenizer builds its vocabulary from an array of every code point
 * (CharTokenizer.fromText), and V8 arrays stop at about 134 million elements ("Invalid array length"); a UTF-8
 * file of at most this many bytes has at most this many characters, so it stays clear of that limit.
 */
export const MAX_CORPUS_BYTES = 100_000_000;

export function readBytes(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** A text corpus file, refused by its size before it is read when it is over `maxBytes`. */
export function readCorpus(file: string, name = file, maxBytes = MAX_CORPUS_BYTES): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > maxBytes) {
    throw new Error(`${name} is too large: ${formatBytes(size)}, over the limit of ${formatBytes(maxBytes)} (${maxBytes} bytes) for a character-level corpus; train on a part of it`);
  }
  return decodeCorpus(readBytes(file), name);
}

function formatBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${n} bytes`;
}

export function loadText(opts: { data?: string; dataset?: string }): { text: string; name: string } {
  if (opts.data && opts.dataset) throw new Error('give either --data FILE or --dataset ID, not both');
  if (opts.data) return { text: readCorpus(opts.data), name: opts.data };
  if (opts.dataset) {
    if ((datasetInfo(opts.dataset).kind ?? 'text') !== 'text') {
      throw new Error(`dataset "${opts.dataset}" is not a text corpus to pretrain on; text corpora: ${textDatasets().map((d) => d.id).join(', ')}`);
    }
    return { text: readCorpus(join(projectRoot(), 'public', datasetPath(opts.dataset)), opts.dataset), name: opts.dataset };
  }
  throw new Error('give --data FILE or --dataset ID');
}
