// A mirrored projection is flipped back; an unmirrored one, or one of another size, is left alone.
import { describe, expect, it } from 'vitest';
import { alignProjection } from './align-projection';

describe('alignProjection', () => {
  const prev = Float32Array.from([1, 2, -1, 0.5, 3, -1]);
  it('flips a mirrored component', () => {
    const next = Float32Array.from([1.1, -2, -0.9, -0.5, 2.9, 1]);
    expect(Array.from(alignProjection(prev, next))).toEqual(Array.from(Float32Array.from([1.1, 2, -0.9, 0.5, 2.9, -1])));
  });
  it('keeps an aligned projection and ignores a different vocabulary', () => {
    expect(alignProjection(prev, prev)).toEqual(prev);
    const other = Float32Array.from([1, 2]);
    expect(alignProjection(prev, other)).toBe(other);
    expect(alignProjection(null, other)).toBe(other);
  });
});
