// The lookup table spans the interpolator; painting maps the domain to its ends and honours the mask.
import { describe, expect, it } from 'vitest';
import { buildLut, lutIndex, paintCells } from './color-lut';

const grey = (t: number) => `rgb(${Math.round(t * 255)}, ${Math.round(t * 255)}, ${Math.round(t * 255)})`;

describe('colour lookup', () => {
  it('maps the domain onto 0..255, clamped, NaN to the middle', () => {
    expect(lutIndex(-1, -1, 1)).toBe(0);
    expect(lutIndex(0, -1, 1)).toBe(128);
    expect(lutIndex(1, -1, 1)).toBe(255);
    expect(lutIndex(9, -1, 1)).toBe(255);
    expect(lutIndex(NaN, 0, 1)).toBe(128);
  });
  it('paints cells row-major and greys out masked cells', () => {
    const lut = buildLut(grey);
    const px = paintCells([0, 1, 0.5, 1], 2, 2, lut, [0, 1], (r, c) => c > r, [1, 2, 3, 255]);
    expect(Array.from(px.subarray(0, 4))).toEqual([0, 0, 0, 255]);
    expect(Array.from(px.subarray(4, 8))).toEqual([1, 2, 3, 255]); // (0,1) is masked
    expect(px[8]).toBe(128);
    expect(px[12]).toBe(255);
  });
});
