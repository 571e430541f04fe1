// Columns sit midway between probes, the value axis spans every probe's non-empty bins, each bin keeps its own
// edges, and shares are counts over the layer's total.
import { describe, expect, it } from 'vitest';
import { columnEdges, histogramColumns, type HistogramProbe } from './histogram-columns';

/** A probe of two layers and four bins over [lo, hi]. */
const probe = (step: number, lo: number, hi: number, counts: number[]): HistogramProbe => ({ step, histogram: Float32Array.from(counts), bins: 4, histMin: lo, histMax: hi });

describe('histogram columns', () => {
  it('puts column edges midway between probes, never before step 0', () => {
    expect(columnEdges([])).toEqual([]);
    expect(columnEdges([10])).toEqual([9.5, 10.5]);
    expect(columnEdges([25, 50, 60])).toEqual([12.5, 37.5, 55, 65]);
    expect(columnEdges([1, 25])).toEqual([0, 13, 37]);
  });

  it('spans the union of the non-empty bins and draws each bin at its own edges', () => {
    const cols = histogramColumns([probe(10, -2, 2, [0, 1, 3, 0, 5, 5, 0, 0]), probe(20, -4, 4, [1, 0, 0, 1, 0, 0, 0, 0])], 0);
    expect(cols.columns).toBe(2);
    expect(cols.values).toEqual([-4, 4]);
    expect(cols.steps).toEqual([5, 25]);
    expect(histogramColumns([probe(10, -2, 2, [0, 1, 3, 0, 5, 5, 0, 0]), probe(20, -4, 4, [0, 1, 0, 0, 0, 0, 0, 0])], 0).values).toEqual([-2, 1]);
    expect(cols.cells).toEqual([
      { x0: 5, x1: 15, lo: -1, hi: 0, share: 0.25 },
      { x0: 5, x1: 15, lo: 0, hi: 1, share: 0.75 },
      { x0: 15, x1: 25, lo: -4, hi: -2, share: 0.5 },
      { x0: 15, x1: 25, lo: 2, hi: 4, share: 0.5 },
    ]);
    expect(cols.maxShare).toBe(0.75);
  });

  it('normalises each probe by its own layer total', () => {
    const cols = histogramColumns([probe(10, -1, 1, [9, 9, 9, 9, 0, 4, 0, 0]), probe(20, -1, 1, [1, 1, 1, 1, 0, 0, 2, 2])], 1);
    expect(cols.cells.map((c) => c.share)).toEqual([1, 0.5, 0.5]);
    expect(cols.maxShare).toBe(1);
  });

  it('skips probes without the layer and has defaults when nothing is drawn', () => {
    const cols = histogramColumns([probe(10, -1, 1, [1, 1, 1, 1, 1, 1, 1, 1])], 2);
    expect(cols).toEqual({ columns: 0, steps: [0, 1], values: [-1, 1], cells: [], maxShare: 0 });
    expect(histogramColumns([probe(10, -3, 3, [0, 0, 0, 0, 1, 1, 1, 1])], 0)).toMatchObject({ columns: 1, values: [-3, 3], cells: [] });
  });
});
