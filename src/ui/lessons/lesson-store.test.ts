// The lesson store: events accumulate per run (samples: the latest per model), a new start clears the last lesson,
// and the version bumps.
import { beforeEach, describe, expect, it } from 'vitest';
import { lessonActions, useLesson } from './lesson-store';

describe('lesson store', () => {
  beforeEach(() => lessonActions.reset());

  it('collects loss per run, evaluations and the summary', () => {
    lessonActions.start();
    lessonActions.event({ type: 'phase', run: 'direct' as const, phase: 'pretrain', label: 'd', steps: 2 });
    lessonActions.event({ type: 'step', run: 'direct' as const, step: 1, loss: 3 });
    lessonActions.event({ type: 'phase', run: 'cot' as const, phase: 'pretrain', label: 'c', steps: 2 });
    lessonActions.event({ type: 'step', run: 'cot' as const, step: 1, loss: 2.5 });
    lessonActions.event({ type: 'eval', run: 'cot' as const, step: 1, results: [] });
    const s = useLesson.getState();
    expect(s.losses.map((l) => [l.run, l.loss])).toEqual([['direct', [3]], ['cot', [2.5]]]);
    expect(s.evals).toHaveLength(1);
    expect(s.status).toBe('running');
    const v = s.version;
    lessonActions.finish({ figures: { gain: 0.5 }, findings: [], lines: ['x'] }, false);
    expect(useLesson.getState().status).toBe('done');
    expect(useLesson.getState().version).toBe(v + 1);
  });

  it('keeps the latest samples of each model', () => {
    const sample = (answer: string) => ({ task: '2-steps', prompt: 'h2', answer, target: 'i1j', correct: answer === 'i1j' });
    lessonActions.start();
    lessonActions.event({ type: 'samples', run: 'direct' as const, step: 4, samples: [sample('q')] });
    lessonActions.event({ type: 'samples', run: 'cot' as const, step: 4, samples: [sample('i1k')] });
    lessonActions.event({ type: 'samples', run: 'cot' as const, step: 8, samples: [sample('i1j')] });
    expect(useLesson.getState().samples.map((e) => [e.run, e.step, e.samples[0].correct])).toEqual([['direct', 4, false], ['cot', 8, true]]);
  });

  it('starts clean', () => {
    lessonActions.start();
    lessonActions.event({ type: 'heads', run: 'model' as const, lambda: 0.5, step: 5, accuracy: 0.5, n: 10, lo: 0.2, hi: 0.8, chance: 0.5 });
    lessonActions.start();
    expect(useLesson.getState().heads).toEqual([]);
  });
});
