// Reads a corpus for a Node entry point: `--data FILE` (any UTF-8 text file) or `--dataset ID` (bundled under
// public/datasets). Unreadable, empty and binary files fail with a clear message from decodeCorpus.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCorpus } from '../engine/data/corpus';
import { datasetInfo, datasetPath, textDatasets } from '../engine/data/datasets';

/** The project root, found from this file (src/cli) or from its bundle (dist-node). */
export function projectRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', ...(import.meta.url.includes('/src/cli/') ? ['..'] : []));
}

export function readBytes(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function loadText(opts: { data?: string; dataset?: string }): { text: string; name: string } {
  if (opts.data && opts.dataset) throw new Error('give either --data FILE or --dataset ID, not both');
  if (opts.data) return { text: decodeCorpus(readBytes(opts.data), opts.data), name: opts.data };
  if (opts.dataset) {
    if ((datasetInfo(opts.dataset).kind ?? 'text') !== 'text') {
      throw new Error(`dataset "${opts.dataset}" is not a text corpus to pretrain on; text corpora: ${textDatasets().map((d) => d.id).join(', ')}`);
    }
    const file = join(projectRoot(), 'public', datasetPath(opts.dataset));
    return { text: decodeCorpus(readBytes(file), opts.dataset), name: opts.dataset };
  }
  throw new Error('give --data FILE or --dataset ID');
}
