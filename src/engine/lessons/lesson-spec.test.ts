// Lesson recipes: every dataset a lesson names is in the bundled catalogue (in both languages), and a link's or the
// command line's overrides scale the evaluation points and the fine-tuning budget.
import { describe, expect, it } from 'vitest';
import { datasetInfo } from '../data/datasets';
import { evenSteps, LESSON_IDS, lessonSpec } from './lesson-spec';

describe('lesson recipes', () => {
  it('name bundled datasets in English and Chinese', () => {
    for (const id of LESSON_IDS) {
      for (const lang of ['en', 'zh'] as const) {
        const s = lessonSpec(id, lang);
        for (const run of s.runs) {
          expect(() => datasetInfo(run.corpus), `${id}/${lang}: ${run.corpus}`).not.toThrow();
          if (run.tasks) expect(datasetInfo(run.tasks).language, `${id}/${lang}: ${run.tasks}`).toBe(lang);
        }
        if (s.heads) expect(datasetInfo(s.heads.tasks).language).toBe(lang);
      }
    }
  });

  it('spaces evaluations evenly and scales them with the steps', () => {
    expect(evenSteps(600, 3)).toEqual([0, 200, 400, 600]);
    const s = lessonSpec('in-context', 'en', { steps: 60, seed: 7, items: 3 });
    expect(s.train.steps).toBe(60);
    expect(s.train.seed).toBe(7);
    expect(s.itemsPerTask).toBe(3);
    expect(s.evalSteps).toEqual([0, 20, 40, 60]);
    expect(lessonSpec('in-context', 'en', { steps: 2 }).evalSteps).toEqual([0, 1, 2]);
  });

  it('keeps a short GPT-1 lesson short unless the fine-tuning steps are given', () => {
    const full = lessonSpec('gpt1-heads', 'en');
    const short = lessonSpec('gpt1-heads', 'en', { steps: Math.round(full.train.steps / 10) });
    expect(short.heads!.steps).toBe(Math.round(full.heads!.steps / 10));
    expect(lessonSpec('gpt1-heads', 'en', { steps: 4, headSteps: 9 }).heads!.steps).toBe(9);
  });

  it('refuses a step count that is not a positive integer', () => {
    expect(() => lessonSpec('zero-shot', 'en', { steps: 0 })).toThrow(/positive integer/);
  });
});
