// chain-of-thought.mjs: worked lines for known sums (carries, the answer so far, the final answer after the last
// "="); the two corpora hold the same problems in the same order; held-out problems are in neither (either order);
// tasks by digits and carries with the right targets; lines fit a 64-token context; characters; determinism.
import { describe, expect, it } from 'vitest';
import { COT_TEMPLATES, carries, chainOfThoughtLesson, finalAnswer, workedSteps } from './chain-of-thought.mjs';
import { readTaskFile, taskChars } from './read-task-file';
import { fill } from './task-file.mjs';

const length = (s: string) => Array.from(s).length;

describe('worked additions', () => {
  it('adds column by column with carries and the answer so far', () => {
    expect(workedSteps(347, 285, 3, 'en')).toBe('7+5=12>2, 4+8+1=13>32, 3+2+1=6>632, =632');
    expect(workedSteps(847, 385, 3, 'en')).toBe('7+5=12>2, 4+8+1=13>32, 8+3+1=12>1232, =1232');
    expect(workedSteps(31, 62, 2, 'zh')).toBe('个位1+2=3>3,十位3+6=9>93,=93');
    expect(workedSteps(99, 99, 2, 'zh')).toBe('个位9+9=18>8,十位9+9+1=19>198,=198');
  });

  it('counts carries and reads the final answer after the last "="', () => {
    expect([carries(347, 285, 3), carries(31, 62, 2), carries(99, 99, 2), carries(901, 109, 3), carries(901, 190, 3)]).toEqual([2, 0, 2, 2, 1]);
    expect(finalAnswer('7+5=12>2, 4+8+1=13>32, 8+3+1=12>1232, =1232')).toBe('1232');
  });
});

describe.each(['en', 'zh'] as const)('chain-of-thought lesson (%s)', (language) => {
  const lesson = chainOfThoughtLesson(language, 5);
  const direct = lesson.direct.trimEnd().split('\n');
  const steps = lesson.steps.trimEnd().split('\n');
  const directTasks = readTaskFile(lesson.directTasks, `direct-${language}`);
  const stepsTasks = readTaskFile(lesson.stepsTasks, `steps-${language}`);
  const stepsTemplate = COT_TEMPLATES.steps[language];

  it('is deterministic in its seed', () => {
    expect(chainOfThoughtLesson(language, 5)).toEqual(lesson);
    expect(chainOfThoughtLesson(language, 6).direct).not.toBe(lesson.direct);
  });

  it('writes the same problems in both corpora, worked correctly', () => {
    expect(direct.length).toBe(6000);
    expect(steps.length).toBe(direct.length);
    direct.forEach((line, i) => {
      const [, a, b, sum] = /^(\d+)\+(\d+)=(\d+)$/.exec(line)!;
      expect(Number(a) + Number(b), line).toBe(Number(sum));
      expect(a.length).toBe(b.length);
      expect(steps[i]).toBe(fill(stepsTemplate, `${a}+${b}`) + workedSteps(Number(a), Number(b), a.length, language));
      expect(finalAnswer(steps[i])).toBe(sum);
    });
    const widths = direct.map((l) => l.indexOf('+'));
    expect(widths.filter((w) => w === 2).length).toBeGreaterThan(1800);
    expect(widths.filter((w) => w === 3).length).toBeGreaterThan(3000);
  });

  it('asks held-out problems by digits and carries, in neither corpus', () => {
    const seen = new Set(direct.map((l) => l.slice(0, l.indexOf('='))));
    expect(directTasks.map((t) => t.task)).toEqual([
      '2-digit-0-carries', '2-digit-1-carry', '2-digit-2-carries', '3-digit-0-carries', '3-digit-1-carry', '3-digit-2-carries', '3-digit-3-carries',
    ]);
    expect(stepsTasks.map((t) => [t.task, t.items.map((x) => x.input)])).toEqual(directTasks.map((t) => [t.task, t.items.map((x) => x.input)]));
    for (const [t, task] of directTasks.entries()) {
      const [width, count] = task.task.match(/\d+/g)!.map(Number);
      expect(task.template).toBe(COT_TEMPLATES.direct);
      expect(stepsTasks[t].template).toBe(stepsTemplate);
      expect(task.items.length).toBe(40);
      for (const [i, { input, target }] of task.items.entries()) {
        const [a, b] = input.split('+').map(Number);
        expect(seen.has(input) || seen.has(`${b}+${a}`), input).toBe(false);
        expect(String(a).length === width && String(b).length === width && carries(a, b, width) === count, input).toBe(true);
        expect(target).toBe(String(a + b));
        expect(stepsTasks[t].items[i].target).toBe(workedSteps(a, b, width, language));
        expect(finalAnswer(stepsTasks[t].items[i].target)).toBe(target);
      }
    }
  });

  it('fits a 64-token context and uses only the corpus characters', () => {
    expect(Math.max(...steps.map(length)) + 1).toBeLessThanOrEqual(64);
    for (const t of stepsTasks) for (const x of t.items) expect(length(fill(t.template, x.input) + x.target) + 1).toBeLessThanOrEqual(64);
    const directChars = new Set(Array.from(lesson.direct));
    const stepsChars = new Set(Array.from(lesson.steps));
    expect([...taskChars(directTasks)].filter((c) => !directChars.has(c))).toEqual([]);
    expect([...taskChars(stepsTasks)].filter((c) => !stepsChars.has(c))).toEqual([]);
    expect(Buffer.byteLength(lesson.steps)).toBeLessThan(400_000);
  });
});
