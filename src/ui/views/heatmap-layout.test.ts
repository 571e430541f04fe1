// Row heights fit the budget, label strides avoid overlap, and hit-testing maps pixels to cells.
import { describe, expect, it } from 'vitest';
import { cellAt, labelStride, rowHeight, strideIndices } from './heatmap-layout';

describe('heatmap layout', () => {
  it('fits rows into the height budget within bounds', () => {
    expect(rowHeight(8, 480)).toBe(14);
    expect(rowHeight(256, 480)).toBeCloseTo(1.875, 6);
    expect(rowHeight(1000, 480, 2)).toBe(2);
  });
  it('labels every row when they fit, fewer when they do not', () => {
    expect(labelStride(14, 11)).toBe(1);
    expect(labelStride(1.875, 11)).toBe(10);
    expect(labelStride(5, 11)).toBe(5);
    expect(labelStride(8, 11)).toBe(2);
    expect(labelStride(0.1, 11)).toBe(200);
    expect(strideIndices(10, 4)).toEqual([0, 4, 8]);
  });
  it('finds the cell under the pointer', () => {
    const g = { x: 50, y: 20, cellW: 2, cellH: 10, rows: 4, cols: 384 };
    expect(cellAt(g, 50, 20)).toEqual({ row: 0, col: 0 });
    expect(cellAt(g, 50 + 2 * 383 + 1.9, 20 + 39.9)).toEqual({ row: 3, col: 383 });
    expect(cellAt(g, 49, 25)).toBeNull();
    expect(cellAt(g, 60, 60)).toBeNull();
  });
});
