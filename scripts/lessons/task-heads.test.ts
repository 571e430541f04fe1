// task-heads.mjs: for each kind and language, the record count, exact keys, distinct records, exactly balanced
// labels, every record within 64 tokens with GPT-1's three special tokens, only characters of the stories corpus
// (tinystories-en / stories-zh as committed), determinism; and that the labels follow from the words (a word
// count classifier learns the sentiment labels).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABELS, MAX_TOKENS, RECORDS, recordTokens, taskHeadRecords, type TaskHeadKind } from './task-heads.mjs';

const datasets = join(import.meta.dirname, '../../public/datasets');
const corpusChars = {
  en: new Set(Array.from(readFileSync(join(datasets, 'tinystories-en.txt'), 'utf8'))),
  zh: new Set(Array.from(readFileSync(join(datasets, 'stories-zh.txt'), 'utf8'))),
};
const KEYS: Record<TaskHeadKind, string> = {
  classification: 'label,text',
  entailment: 'hypothesis,label,premise',
  similarity: 'label,text_a,text_b',
  'multiple-choice': 'choices,context,label',
};
const KINDS = Object.keys(KEYS) as TaskHeadKind[];
const parse = (text: string) => text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe.each(['en', 'zh'] as const)('task-head records (%s)', (language) => {
  it.each(KINDS)('%s: well-formed, distinct, balanced, within context and vocabulary', (kind) => {
    const text = taskHeadRecords(kind, language, 9);
    expect(taskHeadRecords(kind, language, 9)).toBe(text);
    expect(taskHeadRecords(kind, language, 10)).not.toBe(text);
    const records = parse(text);
    expect(records.length).toBe(RECORDS[kind]);
    expect(new Set(text.trimEnd().split('\n')).size).toBe(records.length);
    const counts = new Map<unknown, number>();
    for (const r of records) {
      const where = JSON.stringify(r);
      expect(Object.keys(r).sort().join(','), where).toBe(KEYS[kind]);
      expect(recordTokens(r), where).toBeLessThanOrEqual(MAX_TOKENS);
      counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
      const fields = Object.entries(r).filter(([k]) => k !== 'label').flatMap(([, v]) => (Array.isArray(v) ? v : [v])) as string[];
      expect(Array.from(fields.join('')).filter((c) => !corpusChars[language].has(c)), where).toEqual([]);
      if (kind === 'multiple-choice') {
        const choices = r.choices as string[];
        expect(choices.length).toBe(4);
        expect(new Set(choices).size, where).toBe(4);
      }
    }
    expect([...counts.keys()].sort()).toEqual([...LABELS[kind][language]].sort());
    expect(new Set(counts.values())).toEqual(new Set([records.length / LABELS[kind][language].length]));
  });

  it('has sentiment labels that follow from the words (a word-count classifier gets 90% on held-out records)', () => {
    const records = parse(taskHeadRecords('classification', language, 9)) as { text: string; label: string }[];
    const words = (s: string) => (language === 'en' ? s.toLowerCase().match(/[a-z]+/g) ?? [] : Array.from(s));
    const train = records.slice(0, 800);
    const counts = new Map<string, Map<string, number>>();
    for (const { text, label } of train) for (const w of words(text)) {
      const m = counts.get(w) ?? new Map<string, number>();
      m.set(label, (m.get(label) ?? 0) + 1);
      counts.set(w, m);
    }
    const [a, b] = LABELS.classification[language] as string[];
    const score = (text: string) => words(text).reduce((s, w) => s + Math.log(((counts.get(w)?.get(a) ?? 0) + 1) / ((counts.get(w)?.get(b) ?? 0) + 1)), 0);
    const test = records.slice(800);
    const correct = test.filter(({ text, label }) => (score(text) > 0 ? a : b) === label).length;
    expect(correct / test.length).toBeGreaterThan(0.9);
  });
});
