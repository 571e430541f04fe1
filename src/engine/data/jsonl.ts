// JSON Lines datasets for the later stages, in Hugging Face TRL's formats: SFT demonstrations
// ({"prompt","completion"}), ranked responses for a reward model ({"prompt","ranked":[best,…,worst]} or TRL's
// pairwise {"prompt","chosen","rejected"}) and bare prompts ({"prompt"}). Every error names the file and the
// 1-based line: `${source}:${line}: what is wrong`, as a LabError whose code and params (file, line, field …) let
// the page word it in its reader's language. Tested by jsonl.test.ts.

import { LabError } from '../errors';

export interface SftRecord {
  prompt: string;
  completion: string;
}

/** Responses best first; K = ranked.length >= 2. */
export interface RankedRecord {
  prompt: string;
  ranked: string[];
}

export interface PromptRecord {
  prompt: string;
}

/** More records than this is surely the wrong file for a model trained in a browser tab. */
export const MAX_RECORDS = 200_000;
/** Longest line accepted, in UTF-16 code units (JavaScript string length). */
export const MAX_LINE_CHARS = 1_000_000;

export type Json = Record<string, unknown>;

/** How a file's records look and are called, for the error messages of `jsonlObjects`. */
export interface JsonlShape {
  /** An example record, e.g. `{"prompt": ...}`. */
  like: string;
  /** What a record is called, e.g. `records` or `items`. */
  noun: string;
}

const PROMPT_SHAPE: JsonlShape = { like: '{"prompt": ...}', noun: 'records' };

/** One JSON object per non-blank line, with its `file:line: ` prefix; shared by every JSONL reader. */
export function* jsonlObjects(text: string, source: string, shape: JsonlShape = PROMPT_SHAPE): Generator<{ obj: Json; at: string }> {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  let records = 0;
  for (let i = 0; i < lines.length; i++) {
    const at = `${source}:${i + 1}: `;
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.length > MAX_LINE_CHARS) {
      throw new LabError('jsonl-line-too-long', { file: source, line: i + 1, chars: line.length, limit: MAX_LINE_CHARS },
        `${at}line is ${line.length.toLocaleString('en')} characters long; the limit is ${MAX_LINE_CHARS.toLocaleString('en')}`);
    }
    if (line.trim() === '') continue;
    if (++records > MAX_RECORDS) {
      throw new LabError('jsonl-too-many-records', { file: source, line: i + 1, limit: MAX_RECORDS }, `${at}more than ${MAX_RECORDS.toLocaleString('en')} records (the limit)`);
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      const reason = jsonReason(e);
      throw new LabError('jsonl-not-json', { file: source, line: i + 1, reason }, `${at}not valid JSON (${reason})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new LabError('jsonl-not-object', { file: source, line: i + 1, like: shape.like, got: jsonType(value) }, `${at}expected a JSON object like ${shape.like}, got ${describe(value)}`);
    }
    yield { obj: value as Json, at };
  }
  if (records === 0) throw new LabError('jsonl-empty', { file: source }, `${source}: no ${shape.noun} (the file is empty)`);
}

/** JSON.parse's reason, without the copy of the input that V8 appends. */
function jsonReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const reason = message.replace(/, ".*" is not valid JSON$/s, '').replace(/^JSON\.parse: /, '');
  return reason.length > 120 ? `${reason.slice(0, 117)}...` : reason;
}

/** The file and 1-based line of an `at` prefix (`${file}:${line}: `) that jsonlObjects yields. */
export function lineOf(at: string): { file: string; line: number } {
  const m = /^([\s\S]*):(\d+): $/.exec(at);
  return m ? { file: m[1], line: Number(m[2]) } : { file: at.replace(/: $/, ''), line: 0 };
}

/** The JSON type of a parsed value: null, array, object, string, number or boolean (error params). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** `null`, `an array`, `an object`, `a string` … for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`; // string, number or boolean
}

export function has(obj: Json, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** A string field that must be present (empty allowed). */
export function stringField(obj: Json, key: string, at: string): string {
  if (!has(obj, key)) throw new LabError('field-missing', { ...lineOf(at), field: key }, `${at}missing field "${key}"`);
  const value = obj[key];
  if (typeof value !== 'string') {
    throw new LabError('field-not-string', { ...lineOf(at), field: key, got: jsonType(value) }, `${at}field "${key}" must be a string, got ${describe(value)}`);
  }
  return value;
}

/** A string field that must hold some text (not empty, not only whitespace). */
export function textField(obj: Json, key: string, at: string): string {
  const value = stringField(obj, key, at);
  if (value.trim() === '') throw new LabError('field-empty', { ...lineOf(at), field: key }, `${at}empty ${key}${value === '' ? '' : ' (only whitespace)'}`);
  return value;
}

export function parseSftJsonl(text: string, source: string): SftRecord[] {
  const records: SftRecord[] = [];
  for (const { obj, at } of jsonlObjects(text, source)) {
    records.push({ prompt: textField(obj, 'prompt', at), completion: textField(obj, 'completion', at) });
  }
  return records;
}

/** Responses may be empty strings: a weak model's empty answer is a real failure that gets ranked last. */
export function parseRankedJsonl(text: string, source: string): RankedRecord[] {
  const records: RankedRecord[] = [];
  for (const { obj, at } of jsonlObjects(text, source)) {
    const prompt = textField(obj, 'prompt', at);
    const pair = has(obj, 'chosen') || has(obj, 'rejected');
    if (has(obj, 'ranked') && pair) {
      throw new LabError('ranked-and-pair', lineOf(at), `${at}has both "ranked" and "chosen"/"rejected"; give one form: a ranked list or a pair`);
    }
    if (pair) {
      records.push({ prompt, ranked: [stringField(obj, 'chosen', at), stringField(obj, 'rejected', at)] });
      continue;
    }
    if (!has(obj, 'ranked')) throw new LabError('ranked-missing', lineOf(at), `${at}missing field "ranked" (or the pair "chosen" and "rejected")`);
    const ranked = obj.ranked;
    if (!Array.isArray(ranked)) {
      throw new LabError('ranked-not-array', { ...lineOf(at), got: jsonType(ranked) }, `${at}field "ranked" must be an array of strings (best first), got ${describe(ranked)}`);
    }
    ranked.forEach((r, i) => {
      if (typeof r !== 'string') {
        throw new LabError('ranked-item-not-string', { ...lineOf(at), index: i, got: jsonType(r) }, `${at}"ranked"[${i}] must be a string, got ${describe(r)}`);
      }
    });
    if (ranked.length < 2) throw new LabError('ranked-too-few', { ...lineOf(at), count: ranked.length }, `${at}needs at least 2 responses (K >= 2), got ${ranked.length}`);
    records.push({ prompt, ranked: ranked as string[] });
  }
  return records;
}

export function parsePromptsJsonl(text: string, source: string): PromptRecord[] {
  const records: PromptRecord[] = [];
  for (const { obj, at } of jsonlObjects(text, source)) records.push({ prompt: textField(obj, 'prompt', at) });
  return records;
}
