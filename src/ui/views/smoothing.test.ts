// The debiased EMA starts at the first value (no pull towards 0), follows a constant, and skips NaN.
import { describe, expect, it } from 'vitest';
import { emaDebiased } from './smoothing';

describe('emaDebiased', () => {
  it('is the identity at smoothing 0', () => {
    expect(Array.from(emaDebiased([3, 1, 2], 0))).toEqual([3, 1, 2]);
  });
  it('starts at the first value and stays on a constant', () => {
    const out = emaDebiased([4, 4, 4, 4], 0.99);
    for (const v of out) expect(v).toBeCloseTo(4, 5);
  });
  it('matches the debiased formula', () => {
    const s = 0.5;
    const out = emaDebiased([2, 0], s);
    // ema1 = 1, w1 = 0.5 → 2; ema2 = 0.5, w2 = 0.75 → 2/3
    expect(out[0]).toBeCloseTo(2, 6);
    expect(out[1]).toBeCloseTo(2 / 3, 6);
  });
  it('lags behind a drop more with more smoothing', () => {
    const v = [5, 5, 5, 1, 1];
    expect(emaDebiased(v, 0.9)[4]).toBeGreaterThan(emaDebiased(v, 0.5)[4]);
  });
  it('leaves gaps at NaN and carries on after', () => {
    const out = emaDebiased([1, NaN, 1], 0.9);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(1, 6);
  });
});
