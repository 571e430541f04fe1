// zero-shot.mjs: same seed → same bytes; four tasks with their templates, phrased as in the corpus; held-out
// questions never in the corpus; no word asked by two tasks; targets right; every character of the task file in the
// corpus; sizes.
import { describe, expect, it } from 'vitest';
import { fill } from './task-file.mjs';
import { readTaskFile, taskChars } from './read-task-file';
import { zeroShotLesson } from './zero-shot.mjs';

const STOP = { en: '.', zh: '。' };

describe.each(['en', 'zh'] as const)('zero-shot lesson (%s)', (language) => {
  const { corpus, tasks: taskText } = zeroShotLesson(language, 7);
  const tasks = readTaskFile(taskText, `zero-shot-${language}`);
  const lineList = corpus.split('\n');
  const lines = new Set(lineList);
  const byName = Object.fromEntries(tasks.map((t) => [t.task, t]));

  it('is deterministic in its seed', () => {
    expect(zeroShotLesson(language, 7)).toEqual({ corpus, tasks: taskText });
    expect(zeroShotLesson(language, 8).corpus).not.toBe(corpus);
  });

  it('writes four tasks of held-out items', () => {
    expect(tasks.map((t) => [t.task, t.items.length])).toEqual([['first-letter', 60], ['last-letter', 60], ['capitals', 60], ['sums', 30]]);
    for (const t of tasks) expect(new Set(t.items.map((x) => x.input)).size, t.task).toBe(t.items.length);
  });

  it('phrases each task as the corpus does, the answer ending the line', () => {
    for (const t of tasks) {
      const prefix = t.template.slice(0, t.template.indexOf('{input}'));
      const suffix = t.template.slice(t.template.indexOf('{input}') + '{input}'.length);
      const taught = lineList.filter((l) => l.startsWith(prefix) && l.includes(suffix) && l.endsWith(STOP[language]));
      expect(taught.length, t.task).toBeGreaterThan(200);
    }
  });

  it('never asks a question that occurs in the corpus', () => {
    for (const t of tasks) {
      for (const { input, target } of t.items) {
        const question = fill(t.template, input); // the prompt: a line's beginning (zh: "sek的…" may end a longer word's line)
        expect(lineList.some((l) => l.startsWith(question)), `${t.task}: ${question}`).toBe(false);
        expect(lines.has(question + target)).toBe(false);
      }
    }
  });

  it('gives the right targets', () => {
    for (const { input, target } of byName['first-letter'].items) expect(target).toBe(input[0] + STOP[language]);
    for (const { input, target } of byName['last-letter'].items) expect(target).toBe(input.at(-1) + STOP[language]);
    for (const { input, target } of byName['capitals'].items) expect(target).toBe(input.toUpperCase() + STOP[language]);
    for (const { input, target } of byName['sums'].items) {
      const [a, b] = input.split(language === 'en' ? ' plus ' : '加').map(Number);
      expect(a).toBe(1);
      expect(b % 10).toBeLessThan(9); // no carry
      expect(target).toBe(`${a + b}${STOP[language]}`);
    }
  });

  it('teaches each held-out sum\'s tens digit and units step in other sums', () => {
    const taught = lineList.map((l) => (language === 'en' ? /^1 plus (\d\d) is /.exec(l) : /^1加(\d\d)等于/.exec(l))?.[1]).filter((x): x is string => !!x);
    expect(taught.length).toBeGreaterThan(200);
    for (const { input } of byName['sums'].items) {
      const b = input.slice(-2);
      expect(taught.some((t) => t[0] === b[0] && t !== b), input).toBe(true);
      expect(taught.some((t) => t[1] === b[1] && t !== b), input).toBe(true);
    }
  });

  it('asks each held-out word in one task only, and no task sentence of the corpus has it', () => {
    const words = ['first-letter', 'last-letter', 'capitals'].flatMap((task) => byName[task].items.map((x) => x.input));
    expect(new Set(words).size).toBe(words.length);
    const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const patterns = ['first-letter', 'last-letter', 'capitals'].map((task) => new RegExp('^' + byName[task].template.split('{input}').map(escape).join('([a-z]{3})')));
    const taskWords = new Set(lineList.flatMap((l) => patterns.map((re) => re.exec(l)?.[1]).filter((w): w is string => !!w)));
    expect(taskWords.size).toBeGreaterThan(500);
    expect(words.filter((w) => taskWords.has(w))).toEqual([]);
  });

  it('uses only the corpus characters and stays small', () => {
    const chars = new Set(Array.from(corpus));
    expect([...taskChars(tasks)].filter((c) => !chars.has(c))).toEqual([]);
    expect(Buffer.byteLength(corpus)).toBeGreaterThan(100_000);
    expect(Buffer.byteLength(corpus)).toBeLessThan(200_000);
    expect(chars.size).toBeLessThan(300);
  });
});
