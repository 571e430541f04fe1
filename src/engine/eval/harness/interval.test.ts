// Wilson score intervals against values worked out independently (the closed form in Python, and 8/10 by hand):
// 8/10 → [0.4902, 0.9433], 0/10 → [0, 0.2775], 10/10 → [0.7225, 1], 50/100 → [0.4038, 0.5962]; the interval
// narrows as n grows and always holds the accuracy; bad counts are refused.
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './interval';

describe('wilsonInterval', () => {
  it('matches known values', () => {
    const cases: Array<[number, number, number, number]> = [
      [8, 10, 0.4902, 0.9433],
      [0, 10, 0, 0.2775],
      [10, 10, 0.7225, 1],
      [50, 100, 0.4038, 0.5962],
      [1, 3, 0.0615, 0.7923],
    ];
    for (const [c, n, lo, hi] of cases) {
      const r = wilsonInterval(c, n);
      expect(r.lo, `${c}/${n} lo`).toBeCloseTo(lo, 4);
      expect(r.hi, `${c}/${n} hi`).toBeCloseTo(hi, 4);
    }
  });

  it('holds the accuracy and narrows with n', () => {
    let width = 1;
    for (const n of [4, 16, 64, 256, 1024]) {
      const c = Math.round(0.3 * n);
      const r = wilsonInterval(c, n);
      expect(r.lo).toBeLessThanOrEqual(c / n);
      expect(r.hi).toBeGreaterThanOrEqual(c / n);
      expect(r.hi - r.lo).toBeLessThan(width);
      width = r.hi - r.lo;
    }
    expect(wilsonInterval(0, 0)).toEqual({ lo: 0, hi: 1 });
  });

  it('refuses impossible counts', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(/need integers 0 <= correct <= n \(got correct 3, n 2\)/);
    expect(() => wilsonInterval(-1, 2)).toThrow(/0 <= correct/);
    expect(() => wilsonInterval(1.5, 2)).toThrow(/integers/);
  });
});
