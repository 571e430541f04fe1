// Turning JSONL records into token sequences for a model: the vocabulary check (every unknown character named,
// with the first record that has one) and the context-length check, shared by SFT, the reward model and PPO
// prompts. Tested by stage-data.test.ts.

import { describeChar, type CharTokenizer } from '../data/tokenizer';
import { LabError } from '../errors';

/** A record of a data file (1-based), and for ranked data which response (1-based; 0 = none). */
export interface RecordRef {
  file: string;
  record: number;
  response?: number;
}

/** `file: record 3` or `file: record 3, response 2`, for messages. */
export function recordText(r: RecordRef): string {
  return `${r.file}: record ${r.record}${r.response ? `, response ${r.response}` : ''}`;
}

/** Throws one clear error if any of `texts` (record i = texts[i]) has characters the vocabulary lacks. */
export function checkVocabulary(tokenizer: CharTokenizer, texts: readonly string[], source: string): void {
  const unknown = new Set<string>();
  let first = -1;
  texts.forEach((t, i) => {
    const u = tokenizer.unknownChars(t);
    if (u.length && first < 0) first = i;
    u.forEach((c) => unknown.add(c));
  });
  if (unknown.size === 0) return;
  const list = [...unknown];
  const named = list.slice(0, 12).map(describeChar).join(', ') + (list.length > 12 ? ` and ${list.length - 12} more` : '');
  throw new LabError(
    'vocab-unknown',
    { file: source, count: list.length, chars: named, vocabSize: tokenizer.chars, record: first + 1 },
    `${source}: ${list.length} character${list.length === 1 ? '' : 's'} not in the model's vocabulary (${tokenizer.chars} characters): ${named}; ` +
      `first in record ${first + 1}. Use data written with the characters of the text the model was pretrained on.`,
  );
}

/** prompt + response + end of text as token ids; throws if longer than `maxTokens`. */
export function encodeWithEnd(tokenizer: CharTokenizer, prompt: string, response: string, maxTokens: number, where: RecordRef): { ids: Uint32Array; promptLen: number } {
  const p = tokenizer.encode(prompt);
  const r = tokenizer.encode(response);
  const n = p.length + r.length + 1;
  if (n > maxTokens) {
    const sizes = { tokens: n, prompt: p.length, answer: r.length, limit: maxTokens };
    const message = `${recordText(where)} is ${n} tokens (prompt ${p.length} + response ${r.length} + end of text), more than the ${maxTokens} the model's context allows; shorten it or use a model with a longer context`;
    if (where.response) throw new LabError('response-too-long', { file: where.file, record: where.record, response: where.response, ...sizes }, message);
    throw new LabError('example-too-long', { file: where.file, record: where.record, ...sizes }, message);
  }
  const ids = new Uint32Array(n);
  ids.set(p);
  ids.set(r, p.length);
  ids[n - 1] = tokenizer.eot;
  return { ids, promptLen: p.length };
}
