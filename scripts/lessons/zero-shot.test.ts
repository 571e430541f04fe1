// zero-shot.mjs: same seed → same bytes; four tasks with their templates, phrased as in the corpus; held-out
// questions never in the corpus; targets right; translation asked only for pairs the corpus gives in the other
// phrasing; every character of the task file in the corpus; sizes.
import { describe, expect, it } from 'vitest';
import { fill } from './task-file.mjs';
import { readTaskFile, taskChars } from './read-task-file';
import { WORD_PAIRS, zeroShotLesson } from './zero-shot.mjs';

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
    expect(tasks.map((t) => [t.task, t.items.length])).toEqual([['first-letter', 60], ['capitals', 60], ['sums', 60], ['translation', 40]]);
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
    for (const { input, target } of byName['capitals'].items) expect(target).toBe(input.toUpperCase() + STOP[language]);
    for (const { input, target } of byName['sums'].items) {
      const [a, b] = input.split(language === 'en' ? ' plus ' : '加').map(Number);
      expect(a % 10 + (b % 10)).toBeLessThan(10); // no carry: every digit fact is taught
      expect(target).toBe(`${a + b}${STOP[language]}`);
    }
    const pairs = new Map(WORD_PAIRS.map(([en, zh]) => (language === 'en' ? [en, zh] : [zh, en])));
    for (const { input, target } of byName['translation'].items) expect(target).toBe(pairs.get(input) + STOP[language]);
  });

  it('teaches every held-out translation in the other phrasing', () => {
    for (const { input, target } of byName['translation'].items) {
      const answer = target.slice(0, -1);
      const fact = language === 'en' ? `In Chinese, ${input} is ${answer}.` : `${input}的英文是${answer}。`;
      expect(lines.has(fact), fact).toBe(true);
    }
  });

  it('uses only the corpus characters and stays small', () => {
    const chars = new Set(Array.from(corpus));
    expect([...taskChars(tasks)].filter((c) => !chars.has(c))).toEqual([]);
    expect(Buffer.byteLength(corpus)).toBeGreaterThan(200_000);
    expect(Buffer.byteLength(corpus)).toBeLessThan(400_000);
    expect(chars.size).toBeLessThan(300);
  });
});
