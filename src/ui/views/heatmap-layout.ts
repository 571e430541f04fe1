// Geometry of a heatmap: row height that fits a height budget, how many row/column labels fit without
// overlapping (at round strides, so labelled positions are easy to count), and which cell a pointer is over. Tested by heatmap-layout.test.ts.

export interface CellGrid {
  /** Top-left of the cell area, in CSS pixels. */
  x: number;
  y: number;
  cellW: number;
  cellH: number;
  rows: number;
  cols: number;
}

/** Row height in px: as tall as `maxRow` but the whole grid within `maxHeight`, and never below `minRow`. */
export function rowHeight(rows: number, maxHeight: number, minRow = 1, maxRow = 14): number {
  if (rows <= 0) return maxRow;
  return Math.max(minRow, Math.min(maxRow, maxHeight / rows));
}

/** Label every `stride`-th row/column so that labels are at least `minGap` px apart; stride is 1, 2, 5, 10, 20, … */
export function labelStride(cellPx: number, minGap: number): number {
  const raw = Math.ceil(minGap / Math.max(cellPx, 1e-6));
  for (let p = 1; ; p *= 10) for (const m of [1, 2, 5]) if (m * p >= raw) return m * p;
}

/** Indices 0, stride, 2·stride, … below n. */
export function strideIndices(n: number, stride: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i += stride) out.push(i);
  return out;
}

/** The cell under point (px, py), or null outside the grid. */
export function cellAt(grid: CellGrid, px: number, py: number): { row: number; col: number } | null {
  const col = Math.floor((px - grid.x) / grid.cellW);
  const row = Math.floor((py - grid.y) / grid.cellH);
  if (col < 0 || row < 0 || col >= grid.cols || row >= grid.rows) return null;
  return { row, col };
}
