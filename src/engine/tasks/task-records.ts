// GPT-1 fine-tuning data: JSONL records of one of four task kinds, the kind inferred from each record's keys —
// classification {"text","label"}, entailment {"premise","hypothesis","label"}, similarity {"text_a","text_b","label"},
// multiple choice {"context","choices":[...],"label": 0-based index}. Every record of a file is of one kind; class
// labels are the sorted distinct labels of the whole file (the checkpoint's id2label). Every error names the file
// and the 1-based line, as src/engine/data/jsonl.ts does. Tested by task-records.test.ts.

import { MAX_TASK_CLASSES } from '../../kernels/taskloss/taskloss';
import { describe, has, jsonlObjects, type Json } from '../data/jsonl';

export const TASK_KINDS = ['classification', 'entailment', 'similarity', 'multiple_choice'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** A task input without its answer (what `predict` takes). */
export type TaskInput =
  | { kind: 'classification'; text: string }
  | { kind: 'entailment'; premise: string; hypothesis: string }
  | { kind: 'similarity'; textA: string; textB: string }
  | { kind: 'multiple_choice'; context: string; choices: string[] };

/** A labelled record: a class label (string) or, for multiple choice, the index of the right choice. */
export type TaskRecord =
  | { kind: 'classification'; text: string; label: string }
  | { kind: 'entailment'; premise: string; hypothesis: string; label: string }
  | { kind: 'similarity'; textA: string; textB: string; label: string }
  | { kind: 'multiple_choice'; context: string; choices: string[]; label: number };

/** The JSON keys of each kind, as the file spells them (the first ones decide the kind). */
const KEYS: Record<TaskKind, readonly string[]> = {
  classification: ['text', 'label'],
  entailment: ['premise', 'hypothesis', 'label'],
  similarity: ['text_a', 'text_b', 'label'],
  multiple_choice: ['context', 'choices', 'label'],
};

const FORMATS = TASK_KINDS.map((k) => `${k} {${KEYS[k].map((x) => `"${x}"`).join(', ')}}`).join('; ');

/** The kind a record's keys say, or an error naming the line and the four formats. */
function kindOf(obj: Json, at: string): TaskKind {
  if (has(obj, 'choices') || has(obj, 'context')) return 'multiple_choice';
  if (has(obj, 'text_a') || has(obj, 'text_b')) return 'similarity';
  if (has(obj, 'premise') || has(obj, 'hypothesis')) return 'entailment';
  if (has(obj, 'text')) return 'classification';
  const keys = Object.keys(obj).slice(0, 8).map((k) => JSON.stringify(k)).join(', ');
  throw new Error(`${at}unknown task kind: keys ${keys || '(none)'} match no format; give one of ${FORMATS}`);
}

function text(obj: Json, key: string, at: string): string {
  if (!has(obj, key)) throw new Error(`${at}missing field "${key}"`);
  const v = obj[key];
  if (typeof v !== 'string') throw new Error(`${at}field "${key}" must be a string, got ${describe(v)}`);
  if (v.trim() === '') throw new Error(`${at}empty ${key}`);
  return v;
}

function label(obj: Json, at: string): string {
  if (!has(obj, 'label')) throw new Error(`${at}missing field "label"`);
  const v = obj.label;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v); // {"label": 1} is the class "1"
  if (typeof v !== 'string' || v === '') throw new Error(`${at}field "label" must be a non-empty string (a class name), got ${describe(v)}`);
  return v;
}

function record(kind: TaskKind, obj: Json, at: string): TaskRecord {
  const extra = Object.keys(obj).find((k) => !KEYS[kind].includes(k));
  if (extra !== undefined) throw new Error(`${at}field ${JSON.stringify(extra)} does not belong to a ${kind} record (${KEYS[kind].map((x) => `"${x}"`).join(', ')})`);
  switch (kind) {
    case 'classification':
      return { kind, text: text(obj, 'text', at), label: label(obj, at) };
    case 'entailment':
      return { kind, premise: text(obj, 'premise', at), hypothesis: text(obj, 'hypothesis', at), label: label(obj, at) };
    case 'similarity':
      return { kind, textA: text(obj, 'text_a', at), textB: text(obj, 'text_b', at), label: label(obj, at) };
    case 'multiple_choice': {
      const context = text(obj, 'context', at);
      const choices = obj.choices;
      if (!Array.isArray(choices)) throw new Error(`${at}field "choices" must be an array of strings, got ${describe(choices)}`);
      if (choices.length < 2 || choices.length > MAX_TASK_CLASSES) throw new Error(`${at}needs 2 to ${MAX_TASK_CLASSES} choices, got ${choices.length}`);
      choices.forEach((c, i) => {
        if (typeof c !== 'string' || c.trim() === '') throw new Error(`${at}"choices"[${i}] must be a non-empty string, got ${typeof c === 'string' ? 'an empty one' : describe(c)}`);
      });
      if (!has(obj, 'label')) throw new Error(`${at}missing field "label" (the 0-based index of the right choice)`);
      const l = obj.label;
      if (typeof l !== 'number' || !Number.isInteger(l)) throw new Error(`${at}field "label" must be the 0-based index of the right choice, got ${describe(l)}`);
      if (l < 0 || l >= choices.length) throw new Error(`${at}label ${l} is out of range: the record has ${choices.length} choices (indices 0 to ${choices.length - 1})`);
      return { kind, context, choices: choices as string[], label: l };
    }
  }
}

/** Parses a task file; all records must be of the kind of the first one. */
export function parseTaskJsonl(text: string, source: string): TaskRecord[] {
  const records: TaskRecord[] = [];
  let first: { kind: TaskKind; at: string } | undefined;
  for (const { obj, at } of jsonlObjects(text, source, { like: '{"text": ..., "label": ...}', noun: 'records' })) {
    const kind = kindOf(obj, at);
    if (first && kind !== first.kind) throw new Error(`${at}a ${kind} record, but line ${/:(\d+): $/.exec(first.at)![1]} is ${first.kind}: all records of a file must be of one kind`);
    first ??= { kind, at };
    records.push(record(kind, obj, at));
  }
  return records;
}

/** The kind shared by all `records` (throws for none or a mix). */
export function taskKindOf(records: readonly TaskInput[], source: string): TaskKind {
  if (records.length === 0) throw new Error(`${source}: no records`);
  const kind = records[0].kind;
  const other = records.findIndex((r) => r.kind !== kind);
  if (other >= 0) throw new Error(`${source}: record ${other + 1} is ${records[other].kind}, but record 1 is ${kind}: all records must be of one kind`);
  return kind;
}

/** Class labels: the sorted distinct labels of all records ([] for multiple choice, whose classes are its choices). */
export function taskLabels(records: readonly TaskRecord[], source: string): string[] {
  const kind = taskKindOf(records, source);
  if (kind === 'multiple_choice') return [];
  const labels = [...new Set(records.map((r) => r.label as string))].sort();
  if (labels.length < 2) throw new Error(`${source}: every record has the label ${JSON.stringify(labels[0])}; a classifier needs at least 2 distinct labels`);
  if (labels.length > MAX_TASK_CLASSES) throw new Error(`${source}: ${labels.length} distinct labels, more than the ${MAX_TASK_CLASSES} supported`);
  return labels;
}

/** The texts of a record, for the vocabulary check. */
export function taskTexts(r: TaskInput): string[] {
  switch (r.kind) {
    case 'classification':
      return [r.text];
    case 'entailment':
      return [r.premise, r.hypothesis];
    case 'similarity':
      return [r.textA, r.textB];
    case 'multiple_choice':
      return [r.context, ...r.choices];
  }
}
