// The bundled datasets. public/datasets/index.json (written by scripts/make-datasets.mjs) is the one list of them;
// this module types it and resolves ids. Tested by datasets.test.ts.

import index from '../../../public/datasets/index.json';

/** "text": a pretraining corpus; "sft": JSON Lines {"prompt","completion"}; "prompts": JSON Lines {"prompt"}
 *  (the formats of jsonl.ts); "tasks": an evaluation task file (task headers and {"input","target"} items, the
 *  evaluation harness's format); "task-heads": GPT-1 fine-tuning records (classification, entailment, similarity
 *  or multiple choice, told apart by their keys). */
export type DatasetKind = 'text' | 'sft' | 'prompts' | 'tasks' | 'task-heads';

export interface DatasetInfo {
  id: string;
  file: string; // file name inside public/datasets/
  title: string;
  language: string; // BCP 47 code, e.g. "en", "zh"
  kind?: DatasetKind; // absent means "text"
  corpus?: string; // for JSONL files: id of the text corpus whose characters they use
  lesson?: string; // the lesson (LESSON_IDS of engine/lessons/lesson-spec.ts) the dataset belongs to
  records?: number; // for JSONL files: number of records (for "tasks", items without the task headers)
  bytes: number; // UTF-8 size of the file (whole file)
  chars: number; // code points (whole file)
  vocab: number; // distinct code points (V of a char-level tokenizer; for JSONL, of the whole file)
  description: string;
}

// JSON imports type `kind` as string; make-datasets.test.ts checks it is a DatasetKind.
export const DATASETS: readonly DatasetInfo[] = index as DatasetInfo[];

/** The corpora to pretrain on (kind "text"). */
export function textDatasets(): readonly DatasetInfo[] {
  return DATASETS.filter((d) => (d.kind ?? 'text') === 'text');
}

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
