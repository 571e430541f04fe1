// The bundled datasets. public/datasets/index.json (written by scripts/make-datasets.mjs) is the one list of them;
// this module types it and resolves ids. Tested by datasets.test.ts.

import index from '../../../public/datasets/index.json';

export interface DatasetInfo {
  id: string;
  file: string; // file name inside public/datasets/
  title: string;
  language: string; // BCP 47 code, e.g. "en", "zh"
  bytes: number; // UTF-8 size of the file
  chars: number; // code points
  vocab: number; // distinct code points (V of a char-level tokenizer)
  description: string;
}

export const DATASETS: readonly DatasetInfo[] = index;

export function datasetInfo(id: string): DatasetInfo {
  const found = DATASETS.find((d) => d.id === id);
  if (!found) throw new Error(`Unknown dataset "${id}"; known datasets: ${DATASETS.map((d) => d.id).join(', ')}`);
  return found;
}

/** Path of the dataset's text relative to the public root: the browser fetches it under the app's base URL,
 *  Node reads it under public/. */
export function datasetPath(id: string): string {
  return `datasets/${datasetInfo(id).file}`;
}
