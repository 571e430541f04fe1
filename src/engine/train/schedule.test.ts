// The schedule rises linearly during warmup, peaks at lr, and decays by cosine to lr*minLrRatio.
import { describe, expect, it } from 'vitest';
import { learningRate } from './schedule';

const cfg = { lr: 1e-3, minLrRatio: 0.1, warmupSteps: 10, steps: 110 };

describe('learningRate', () => {
  it('warms up linearly', () => {
    expect(learningRate(0, cfg)).toBeCloseTo(1e-3 / 11, 12);
    expect(learningRate(4, cfg)).toBeCloseTo((5 * 1e-3) / 11, 12);
  });
  it('peaks at lr after warmup and ends at min lr', () => {
    expect(learningRate(10, cfg)).toBeCloseTo(1e-3, 12);
    expect(learningRate(60, cfg)).toBeCloseTo(0.55e-3, 12);
    expect(learningRate(110, cfg)).toBeCloseTo(1e-4, 12);
    expect(learningRate(500, cfg)).toBeCloseTo(1e-4, 12);
  });
  it('decreases monotonically after warmup', () => {
    for (let s = 10; s < 110; s++) expect(learningRate(s + 1, cfg)).toBeLessThanOrEqual(learningRate(s, cfg));
  });
});
