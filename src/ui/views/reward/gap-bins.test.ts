// Score-gap bins: symmetric about zero with zero on an edge, every finite gap counted once, extremes in the end bins.
import { describe, expect, it } from 'vitest';
import { binGaps, niceCeil } from './gap-bins';

describe('binGaps', () => {
  it('bins symmetric about zero, counting every finite gap once', () => {
    const b = binGaps(Float32Array.of(-1.5, -0.1, 0, 0.1, 0.2, 3, NaN), 10);
    expect(b.lo).toBe(-5);
    expect(b.width).toBe(1);
    expect(b.counts.reduce((a, c) => a + c, 0)).toBe(6);
    expect(b.counts[4]).toBe(1); // -0.1 in [-1, 0)
    expect(b.counts[5]).toBe(3); // 0, 0.1, 0.2 in [0, 1)
    expect(b.counts[3]).toBe(1); // -1.5
    expect(b.counts[8]).toBe(1); // 3
  });

  it('keeps the largest gap inside the range and an odd bin count even', () => {
    const b = binGaps([2.5, -2.5], 5);
    expect(b.counts).toHaveLength(6);
    expect(b.counts[0]).toBe(1);
    expect(b.counts[5]).toBe(1);
  });

  it('has a usable range with no gaps at all', () => {
    const b = binGaps([]);
    expect(b.lo).toBe(-0.5);
    expect(b.counts.every((c) => c === 0)).toBe(true);
  });

  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.5, 0.7, 1.2, 2.1, 3, 7, 12].map(niceCeil)).toEqual([0.5, 1, 2, 2.5, 5, 10, 20]);
  });
});
