// make-datasets.mjs is deterministic: regenerating into a temp dir gives byte-identical files to the committed
// ones in public/datasets. Also checks that index.json describes the files truly, that the text corpora load as
// corpora, that the SFT and prompt files parse, fit the tiny model's context and use only their corpus's
// characters, and that the lessons' files have a valid kind, a corpus, valid task files and small sizes (their
// contents are checked by the tests in scripts/lessons/).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCorpus, splitCorpus } from '../src/engine/data/corpus';
import { parsePromptsJsonl, parseSftJsonl } from '../src/engine/data/jsonl';
import { isComplete, isOffTopic, repetition } from '../src/engine/labelers/features';
import { readTaskFile, taskChars } from './lessons/read-task-file';
import { MAX_PROMPT_CHARS, SFT_MAX_TOKENS, makeDatasets } from './make-datasets.mjs';

const committed = join(import.meta.dirname, '../public/datasets');
const length = (s: string) => Array.from(s).length;

describe('make-datasets', () => {
  const out = mkdtempSync(join(tmpdir(), 'datasets-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const index = makeDatasets(out);
  const read = (file: string) => decodeCorpus(new Uint8Array(readFileSync(join(out, file))), file);
  const ofKind = (kind: string) => index.filter((d) => d.kind === kind);

  it('regenerates the committed files byte for byte', () => {
    expect(readdirSync(out).sort()).toEqual(['index.json', ...index.map((d) => d.file)].sort());
    for (const name of readdirSync(out)) expect(readFileSync(join(out, name)).equals(readFileSync(join(committed, name))), name).toBe(true);
  });

  it('gives every entry a kind, and each JSONL file a text corpus in its language', () => {
    expect(index.slice(0, 6).map((d) => [d.id, d.kind])).toEqual([
      ['tinystories-en', 'text'],
      ['stories-zh', 'text'],
      ['sft-en', 'sft'],
      ['sft-zh', 'sft'],
      ['prompts-en', 'prompts'],
      ['prompts-zh', 'prompts'],
    ]);
    expect(new Set(index.map((d) => d.id)).size).toBe(index.length);
    for (const d of index) expect(['text', 'sft', 'prompts', 'tasks', 'task-heads'], d.id).toContain(d.kind);
    for (const d of index.filter((d) => d.kind !== 'text')) {
      const corpus = index.find((c) => c.id === d.corpus);
      expect(corpus, d.id).toMatchObject({ kind: 'text', language: d.language });
      expect(d.file).toMatch(/\.jsonl$/);
    }
  });

  it('lists each lesson in both languages: corpora, task files and GPT-1 task-head files', () => {
    const lessons = index.filter((d) => d.lesson);
    expect(lessons.length).toBe(24);
    for (const language of ['en', 'zh']) {
      const of = (lesson: string) => lessons.filter((d) => d.lesson === lesson && d.language === language).map((d) => d.kind);
      expect(of('zero-shot')).toEqual(['text', 'tasks']);
      expect(of('in-context')).toEqual(['text', 'tasks']);
      expect(of('chain-of-thought')).toEqual(['text', 'text', 'tasks', 'tasks']);
      expect(of('gpt1-heads')).toEqual(['task-heads', 'task-heads', 'task-heads', 'task-heads']);
    }
    for (const d of lessons) {
      expect(d.bytes, d.id).toBeLessThan(400_000);
      expect(d.id.endsWith(`-${d.language}`) && d.file.startsWith(d.id), d.id).toBe(true);
      if (d.kind === 'task-heads') expect(d.description, d.id).toMatch(/chance \d+%/);
    }
    expect(lessons.reduce((sum, d) => sum + d.bytes, 0)).toBeLessThan(3_000_000);
  });

  it('writes task files the harness can read, in their corpus\'s characters', () => {
    for (const d of ofKind('tasks')) {
      const tasks = readTaskFile(read(d.file), d.file);
      expect(tasks.reduce((n, t) => n + t.items.length, 0), d.id).toBe(d.records);
      const allowed = corpusChars(d.corpus);
      expect([...taskChars(tasks)].filter((c) => !allowed.has(c)), d.id).toEqual([]);
    }
  });

  it('writes what index.json says', () => {
    for (const d of index) {
      const chars = Array.from(read(d.file));
      expect({ bytes: Buffer.byteLength(read(d.file)), chars: chars.length, vocab: new Set(chars).size }, d.id).toEqual({
        bytes: d.bytes,
        chars: d.chars,
        vocab: d.vocab,
      });
    }
  });

  it('makes story corpora within the intended sizes', () => {
    for (const d of ofKind('text').filter((d) => !d.lesson)) {
      const text = read(d.file);
      expect(d.bytes).toBeGreaterThan(300_000);
      expect(d.bytes).toBeLessThan(500_000);
      expect(d.vocab).toBeLessThan(300);
      expect(text).toMatch(/\S\n\n\S/); // stories separated by blank lines
      const { train, val } = splitCorpus(text, 256);
      expect(train.length + val.length).toBe(d.chars);
    }
  });

  /** Characters of the dataset's corpus. */
  const corpusChars = (corpus: string | undefined) => new Set(Array.from(read(index.find((c) => c.id === corpus)!.file)));
  const promptLimit = (language: string) => MAX_PROMPT_CHARS[language as 'en' | 'zh'];

  it('makes SFT records that fit the context, use only the corpus characters and answer cleanly', () => {
    for (const d of ofKind('sft')) {
      const records = parseSftJsonl(read(d.file), d.file);
      expect(records.length).toBe(d.records);
      expect(records.length).toBe(1500);
      expect(new Set(records.map((r) => JSON.stringify(r))).size, 'distinct records').toBe(records.length);
      expect(new Set(records.map((r) => r.prompt)).size, 'distinct prompts').toBeGreaterThan(100);
      const allowed = corpusChars(d.corpus);
      for (const { prompt, completion } of records) {
        const where = `${d.id}: ${JSON.stringify({ prompt, completion })}`;
        expect(length(prompt) + length(completion) + 1, where).toBeLessThanOrEqual(SFT_MAX_TOKENS);
        expect(length(prompt), where).toBeLessThanOrEqual(promptLimit(d.language));
        expect(Array.from(prompt + completion).filter((c) => !allowed.has(c)), where).toEqual([]);
        expect(isComplete(completion) && repetition(completion) === 0 && !isOffTopic(prompt, completion), where).toBe(true);
      }
    }
  });

  it('makes distinct prompts of the same kind, mostly ones the SFT data answers', () => {
    for (const d of ofKind('prompts')) {
      const prompts = parsePromptsJsonl(read(d.file), d.file).map((r) => r.prompt);
      expect(prompts.length).toBe(d.records);
      expect(prompts.length).toBe(300);
      expect(new Set(prompts).size).toBe(prompts.length);
      const allowed = corpusChars(d.corpus);
      for (const p of prompts) {
        expect(length(p), p).toBeLessThanOrEqual(promptLimit(d.language));
        expect(Array.from(p).filter((c) => !allowed.has(c)), p).toEqual([]);
      }
      const sft = ofKind('sft').find((s) => s.language === d.language)!;
      const sftPrompts = new Set(parseSftJsonl(read(sft.file), sft.file).map((r) => r.prompt));
      expect(prompts.filter((p) => sftPrompts.has(p)).length).toBeGreaterThan(prompts.length / 2);
    }
  });
});
