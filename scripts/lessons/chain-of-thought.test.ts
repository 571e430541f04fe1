// chain-of-thought.mjs: worked lines for known problems (wrapping past the end of the alphabet, in both languages);
// the two corpora hold the same problems in the same order, every count equally often; held-out problems are in
// neither corpus, neither as a line nor inside another line's steps, while every count and every "next letter"
// is trained; tasks by count with the right targets; lines fit the lesson's 24-token context; determinism.
import { describe, expect, it } from 'vitest';
import { COT_ALPHABETS, COT_TEMPLATES, MAX_COUNT, chainOfThoughtLesson, countingOn, finalAnswer, splitProblems } from './chain-of-thought.mjs';
import { readTaskFile, taskChars } from './read-task-file';
import { fill } from './task-file.mjs';

const chars = (s: string) => Array.from(s);
/** The lesson's context (lesson-spec.ts) and the harness's room for an answer past its target (EXACT_SLACK). */
const CONTEXT = 24;
const SLACK = 2;

describe('counting on', () => {
  it('writes every letter passed with the count still to go, wrapping around', () => {
    expect(countingOn(3, 3, 'en')).toEqual({ input: 'd3', answer: 'g', steps: 'e2f1g' });
    expect(countingOn(24, 4, 'en')).toEqual({ input: 'y4', answer: 'c', steps: 'z3a2b1c' });
    expect(countingOn(7, 1, 'en')).toEqual({ input: 'h1', answer: 'i', steps: 'i' });
    expect(countingOn(0, 3, 'zh')).toEqual({ input: '天三', answer: '黄', steps: '地二玄一黄' });
    expect(countingOn(25, 2, 'zh')).toEqual({ input: '余二', answer: '地', steps: '天一地' });
    expect(() => countingOn(0, 10, 'en')).toThrow(/count/);
  });

  it('reads the final answer as the last character in either notation', () => {
    expect(finalAnswer('d3e2f1g')).toBe('g');
    expect(finalAnswer('g')).toBe('g');
    expect(finalAnswer('地二玄一黄\n')).toBe('黄');
  });

  it('has 26 distinct symbols and nine counts in each language', () => {
    for (const { letters, counts } of Object.values(COT_ALPHABETS)) {
      expect(new Set(letters).size).toBe(26);
      expect(counts).toHaveLength(MAX_COUNT);
    }
  });
});

describe.each(['en', 'zh'] as const)('chain-of-thought lesson (%s)', (language) => {
  const lesson = chainOfThoughtLesson(language, 5);
  const direct = lesson.direct.trimEnd().split('\n');
  const steps = lesson.steps.trimEnd().split('\n');
  const directTasks = readTaskFile(lesson.directTasks, `direct-${language}`);
  const stepsTasks = readTaskFile(lesson.stepsTasks, `steps-${language}`);
  const { letters, counts } = COT_ALPHABETS[language];
  const problemOf = (input: string) => {
    const [letter, count] = chars(input);
    return { x: letters.indexOf(letter), h: counts.indexOf(count) + 1 };
  };
  /** Every problem a worked line contains: its own and the one after each step ("e2" in "d3e2f1g"). */
  const problemsInside = (line: string) => {
    const c = chars(line);
    return Array.from({ length: (c.length - 1) / 2 }, (_, i) => c[2 * i] + c[2 * i + 1]);
  };

  it('is deterministic in its seed', () => {
    expect(chainOfThoughtLesson(language, 5)).toEqual(lesson);
    expect(chainOfThoughtLesson(language, 6).direct).not.toBe(lesson.direct);
  });

  it('writes the same problems in both corpora, worked correctly, every count about equally often', () => {
    expect(direct.length).toBe(6000);
    expect(steps.length).toBe(direct.length);
    const perCount = new Map<number, number>();
    direct.forEach((line, i) => {
      const [letter, count, eq, answer] = chars(line);
      expect(chars(line)).toHaveLength(4);
      expect(eq).toBe('=');
      const { x, h } = problemOf(letter + count);
      const p = countingOn(x, h, language);
      expect(answer).toBe(p.answer);
      expect(steps[i]).toBe(p.input + p.steps);
      expect(finalAnswer(steps[i])).toBe(answer);
      perCount.set(h, (perCount.get(h) ?? 0) + 1);
    });
    expect([...perCount.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const n of perCount.values()) expect(n).toBeGreaterThan(550);
  });

  it('asks held-out problems by count, in neither corpus nor inside any worked line', () => {
    const seen = new Set(steps.flatMap(problemsInside));
    expect(directTasks.map((t) => t.task)).toEqual(['2-steps', '3-steps', '4-steps', '5-steps', '6-steps', '7-steps', '8-steps', '9-steps']);
    expect(stepsTasks.map((t) => [t.task, t.items.map((x) => x.input)])).toEqual(directTasks.map((t) => [t.task, t.items.map((x) => x.input)]));
    let items = 0;
    for (const [t, task] of directTasks.entries()) {
      const count = Number(task.task.split('-')[0]);
      expect(task.template).toBe(COT_TEMPLATES.direct);
      expect(stepsTasks[t].template).toBe(COT_TEMPLATES.steps);
      for (const [i, { input, target }] of task.items.entries()) {
        const { x, h } = problemOf(input);
        expect(h, input).toBe(count);
        expect(seen.has(input), input).toBe(false);
        const p = countingOn(x, h, language);
        expect(target).toBe(p.answer);
        expect(stepsTasks[t].items[i].target).toBe(p.steps);
        items++;
      }
    }
    expect(items).toBe(splitProblems(language, 5).held.length);
    expect(items).toBeGreaterThan(90);
  });

  it('trains every count and every step to the next letter', () => {
    const starts = new Set(steps.map((l) => chars(l)[1]));
    expect([...starts].sort()).toEqual([...counts].sort());
    const nextLetters = new Set(steps.flatMap((l) => chars(l).filter((_, i) => i % 2 === 0 && i > 0)));
    expect(nextLetters.size).toBe(26);
  });

  it('fits the lesson context and uses only the corpus characters', () => {
    expect(Math.max(...steps.map((l) => chars(l).length)) + 1).toBeLessThanOrEqual(CONTEXT);
    for (const t of stepsTasks) for (const x of t.items) expect(chars(fill(t.template, x.input) + x.target).length + SLACK).toBeLessThanOrEqual(CONTEXT);
    const directChars = new Set(chars(lesson.direct));
    const stepsChars = new Set(chars(lesson.steps));
    expect([...taskChars(directTasks)].filter((c) => !directChars.has(c))).toEqual([]);
    expect([...taskChars(stepsTasks)].filter((c) => !stepsChars.has(c))).toEqual([]);
  });
});
