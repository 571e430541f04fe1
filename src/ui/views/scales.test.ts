// Domains ignore NaN, pad, stay positive for log axes, resist outliers, and keep equal aspect.
import { describe, expect, it } from 'vitest';
import { equalAspectDomains, paddedExtent, robustAbsMax } from './scales';

describe('paddedExtent', () => {
  it('pads the finite range of several arrays', () => {
    expect(paddedExtent([[1, NaN, 3], [2, Infinity]], 0.5)).toEqual([0, 4]);
  });
  it('falls back when empty and widens a single value', () => {
    expect(paddedExtent([[]], 0.1, [0, 5])).toEqual([0, 5]);
    const [lo, hi] = paddedExtent([[2]]);
    expect(lo).toBeLessThan(2);
    expect(hi).toBeGreaterThan(2);
  });
  it('keeps log extents positive', () => {
    const [lo, hi] = paddedExtent([[0, -1, 0.5, 8]], 0.05, [1, 10], true);
    expect(lo).toBeGreaterThan(0);
    expect(lo).toBeLessThan(0.5);
    expect(hi).toBeGreaterThan(8);
  });
});

describe('robustAbsMax', () => {
  it('ignores a few outliers', () => {
    const v = Array.from({ length: 1000 }, (_, i) => ((i % 2) * 2 - 1) * (i / 1000));
    v[5] = -500;
    const m = robustAbsMax(v, 0.99);
    expect(m).toBeGreaterThan(0.9);
    expect(m).toBeLessThan(1);
  });
  it('is positive for all-zero input', () => {
    expect(robustAbsMax([0, 0, 0])).toBe(1);
  });
});

describe('equalAspectDomains', () => {
  it('uses the same units per pixel on both axes and contains both extents', () => {
    const d = equalAspectDomains([0, 10], [0, 1], 200, 100);
    expect((d.x[1] - d.x[0]) / 200).toBeCloseTo((d.y[1] - d.y[0]) / 100, 10);
    expect(d.x[0]).toBeLessThanOrEqual(0);
    expect(d.x[1]).toBeGreaterThanOrEqual(10);
    expect(d.y[0]).toBeLessThanOrEqual(0);
    expect(d.y[1]).toBeGreaterThanOrEqual(1);
  });
});
