// What each lesson reports from its events: pooled accuracies, gains and the sentences shown to the learner.
import { describe, expect, it } from 'vitest';
import type { ShotResult } from '../eval/harness/evaluate';
import { pool, summarizeLesson } from './lesson-summary';
import type { LessonEvent } from './run-lesson';

const r = (task: string, shots: number, correct: number, n: number): ShotResult => ({ task, shots, n, correct, accuracy: correct / n, lo: 0, hi: 1, mode: 'exact' });

describe('lesson summaries', () => {
  it('pools tasks', () => {
    const p = pool([r('a', 0, 1, 4), r('b', 0, 3, 4)]);
    expect(p).toMatchObject({ correct: 4, n: 8, accuracy: 0.5 });
    expect(p.lo).toBeLessThan(0.5);
    expect(p.hi).toBeGreaterThan(0.5);
  });

  it('in-context: accuracy per k at the last checkpoint, the gain and the induction head', () => {
    const events: LessonEvent[] = [
      { type: 'eval', run: 'model', step: 0, results: [r('m1', 0, 0, 2), r('m1', 8, 0, 2)] },
      { type: 'eval', run: 'model', step: 10, results: [r('m1', 0, 1, 2), r('m2', 0, 0, 2), r('m1', 8, 2, 2), r('m2', 8, 1, 2)] },
      { type: 'induction', run: 'model', step: 10, scores: { scores: [[0.1, 0.6]], queries: 3, best: { layer: 0, head: 1, score: 0.6 } }, tokens: [], weights: new Float32Array() },
    ];
    const s = summarizeLesson('in-context', events);
    expect(s.figures).toEqual({ k0: 0.25, k8: 0.75, gain: 0.5, induction: 0.6 });
    expect(s.lines[0]).toMatch(/^0 examples in the prompt: 25 % \(1\/4/);
    expect(s.findings[0]).toMatchObject({ kind: 'shots', k: 0, acc: 25, correct: 1, n: 4 });
    expect(s.lines[2]).toMatch(/layer 1, head 2/);
  });

  it('chain of thought: each run at its last evaluation, and the gain of the second over the first', () => {
    const events: LessonEvent[] = [
      { type: 'eval', run: 'direct', step: 5, results: [r('2-steps', 0, 1, 4)] },
      { type: 'eval', run: 'cot', step: 5, results: [r('2-steps', 0, 3, 4)] },
    ];
    const s = summarizeLesson('chain-of-thought', events);
    expect(s.figures.direct).toBe(0.25);
    expect(s.figures.cot).toBe(0.75);
    expect(s.figures.gain).toBe(0.5);
  });

  it('zero-shot: each task at the last evaluation against the first', () => {
    const events: LessonEvent[] = [
      { type: 'eval', run: 'model', step: 0, results: [r('capitals', 0, 0, 5)] },
      { type: 'eval', run: 'model', step: 9, results: [r('capitals', 0, 4, 5)] },
    ];
    const s = summarizeLesson('zero-shot', events);
    expect(s.figures.capitals).toBe(0.8);
    expect(s.lines[0]).toMatch(/capitals: 80 %.*after 9 steps; 0 % at step 0/);
  });

  it('gpt1-heads: the last accuracy per λ and chance', () => {
    const h = (lambda: number, step: number, accuracy: number): LessonEvent => ({ type: 'heads', run: 'pretrained', lambda, step, accuracy, n: 20, lo: 0, hi: 1, chance: 0.5 });
    const s = summarizeLesson('gpt1-heads', [h(0.5, 0, 0.5), h(0.5, 10, 0.9), h(0, 0, 0.5), h(0, 10, 0.8)]);
    expect(s.figures).toEqual({ lambda0: 0.8, 'lambda0.5': 0.9, chance: 0.5 });
    expect(s.lines).toHaveLength(2);
  });

  it('says nothing for a lesson stopped before any evaluation', () => {
    expect(summarizeLesson('in-context', [])).toEqual({ figures: {}, findings: [], lines: [] });
  });
});
