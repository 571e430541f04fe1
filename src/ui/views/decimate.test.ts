// Decimation keeps every point of short series, and of long ones each bucket's extremes and the last point.
import { describe, expect, it } from 'vitest';
import { decimateMinMax } from './decimate';

describe('decimateMinMax', () => {
  it('keeps short series whole', () => {
    expect(decimateMinMax([1, 2, 3], 10)).toEqual([0, 1, 2]);
  });
  it('bounds the count and keeps extremes, in order, ending at the last point', () => {
    const y = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50) + (i === 4321 ? 10 : 0) - (i === 777 ? 10 : 0));
    const idx = decimateMinMax(y, 100);
    expect(idx.length).toBeLessThanOrEqual(201);
    expect(idx).toContain(4321);
    expect(idx).toContain(777);
    expect(idx[idx.length - 1]).toBe(9999);
    for (let i = 1; i < idx.length; i++) expect(idx[i]).toBeGreaterThan(idx[i - 1]);
  });
  it('keeps a NaN for a bucket of NaNs so the line shows a gap', () => {
    const y = new Array(100).fill(1);
    for (let i = 40; i < 60; i++) y[i] = NaN;
    const idx = decimateMinMax(y, 10);
    expect(idx.some((i) => Number.isNaN(y[i]))).toBe(true);
  });
});
