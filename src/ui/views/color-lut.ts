// Colouring a heatmap fast enough to redraw every probe: a 256-entry RGBA lookup table from a d3 interpolator,
// then one pass that writes (rows × cols) RGBA pixels, which the canvas scales up to cells. Tested by color-lut.test.ts.
import { rgb } from 'd3';

export type Lut = Uint8ClampedArray; // (256, 4)

export function buildLut(interpolate: (t: number) => string): Lut {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const c = rgb(interpolate(i / 255));
    lut.set([c.r, c.g, c.b, 255], i * 4);
  }
  return lut;
}

/** Entry of the table for value v on the domain [lo, hi] (clamped; NaN maps to the middle). */
export function lutIndex(v: number, lo: number, hi: number): number {
  if (!Number.isFinite(v)) return 128;
  const t = (v - lo) / (hi - lo || 1);
  return Math.max(0, Math.min(255, Math.round(t * 255)));
}

/**
 * RGBA pixels (rows, cols, 4) for `values` (rows, cols). Cells where `masked(r, c)` is true get `maskRGBA`
 * instead (the causal mask of attention: keys after the query).
 */
export function paintCells(values: ArrayLike<number>, rows: number, cols: number, lut: Lut, domain: [number, number], masked?: (r: number, c: number) => boolean, maskRGBA: [number, number, number, number] = [230, 230, 230, 255]): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(rows * cols * 4);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const o = (r * cols + c) * 4;
      if (masked?.(r, c)) px.set(maskRGBA, o);
      else {
        const k = lutIndex(values[r * cols + c], domain[0], domain[1]) * 4;
        px[o] = lut[k];
        px[o + 1] = lut[k + 1];
        px[o + 2] = lut[k + 2];
        px[o + 3] = 255;
      }
    }
  }
  return px;
}
