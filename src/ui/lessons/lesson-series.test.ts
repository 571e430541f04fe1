// The lesson charts' data: lines per task, per checkpoint and per λ; bars per run and difficulty.
import { describe, expect, it } from 'vitest';
import type { ShotResult } from '../../engine/eval/harness/evaluate';
import { cotBars, headsSeries, shotsSeries, zeroShotSeries } from './lesson-series';

const r = (task: string, shots: number, correct: number, n: number): ShotResult => ({ task, shots, n, correct, accuracy: correct / n, lo: correct / n / 2, hi: 1, mode: 'exact' });

describe('lesson chart series', () => {
  it('zero-shot: one line per task over steps', () => {
    const evals = [
      { type: 'eval' as const, run: 'model' as const, step: 0, results: [r('caps', 0, 0, 4), r('sums', 0, 1, 4)] },
      { type: 'eval' as const, run: 'model' as const, step: 50, results: [r('caps', 0, 4, 4), r('sums', 0, 2, 4)] },
    ];
    expect(zeroShotSeries({ evals })).toEqual([{ name: 'caps', x: [0, 50], y: [0, 100] }, { name: 'sums', x: [0, 50], y: [25, 50] }]);
  });

  it('in-context: one line per checkpoint, accuracy pooled over tasks against k', () => {
    const evals = [{ type: 'eval' as const, run: 'model' as const, step: 7, results: [r('a', 0, 0, 2), r('b', 0, 1, 2), r('a', 4, 2, 2), r('b', 4, 1, 2)] }];
    expect(shotsSeries({ evals })).toEqual([{ name: '7', x: [0, 4], y: [25, 75] }]);
  });

  it('chain of thought: the last evaluation of each run, grouped by difficulty', () => {
    const evals = [
      { type: 'eval' as const, run: 'direct' as const, step: 1, results: [r('1 carry', 0, 0, 4)] },
      { type: 'eval' as const, run: 'direct' as const, step: 2, results: [r('1 carry', 0, 1, 4), r('2 carries', 0, 0, 4)] },
      { type: 'eval' as const, run: 'cot' as const, step: 2, results: [r('1 carry', 0, 3, 4), r('2 carries', 0, 2, 4)] },
    ];
    const b = cotBars({ evals });
    expect(b.groups).toEqual(['1 carry', '2 carries']);
    expect(b.series.map((s) => [s.name, s.values])).toEqual([['direct', [25, 0]], ['cot', [75, 50]]]);
    expect(b.series[1].lo).toEqual([37.5, 25]);
  });

  it('gpt1 heads: one line per λ and the chance level', () => {
    const h = (lambda: number, step: number, accuracy: number) => ({ type: 'heads' as const, run: 'pretrained' as const, lambda, step, accuracy, n: 10, lo: 0, hi: 1, chance: 1 / 3 });
    const s = headsSeries({ heads: [h(0.5, 0, 0.3), h(0.5, 5, 0.6), h(0, 0, 0.3)] });
    expect(s.lines).toEqual([{ name: '0.5', x: [0, 5], y: [30, 60] }, { name: '0', x: [0], y: [30] }]);
    expect(s.chance).toBeCloseTo(100 / 3);
    expect(headsSeries({ heads: [] }).chance).toBeNull();
  });
});
