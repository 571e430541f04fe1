// The cells of the histogram-over-time view: one column per probe spanning the steps nearest to it, and in it
// one rectangle per non-empty bin at that probe's own value edges, coloured by the share of the layer's values
// in the bin. Probes bin over different ranges (shared by all layers), so the value axis is the union of the
// layer's non-empty bins over the probes: a layer whose values stay small is not squashed by a wider one.
// Tested by histogram-columns.test.ts.
import { max, min } from 'd3';

export interface HistogramProbe {
  step: number;
  histogram: Float32Array; // (layers, bins) counts
  bins: number;
  histMin: number;
  histMax: number;
}

export interface HistogramCell {
  /** Step range of the column. */
  x0: number;
  x1: number;
  /** Value range of the bin. */
  lo: number;
  hi: number;
  /** Share of the layer's values of that probe in the bin, 0..1. */
  share: number;
}

export interface HistogramColumns {
  /** Probes drawn (those that have the layer). */
  columns: number;
  /** Steps covered by the columns, first to last edge. */
  steps: [number, number];
  /** Union of the non-empty bins' value ranges (of the probes' ranges when all are empty). */
  values: [number, number];
  cells: HistogramCell[];
  /** Largest share of any cell (the top of the colour scale); 0 without cells. */
  maxShare: number;
}

/**
 * Column edges (n + 1) for sorted steps: midway between neighbours, the ends half a gap out (±0.5 for one probe),
 * the first never below step 0.
 */
export function columnEdges(steps: readonly number[]): number[] {
  const n = steps.length;
  if (n === 0) return [];
  if (n === 1) return [Math.max(Math.min(0, steps[0]), steps[0] - 0.5), steps[0] + 0.5];
  const edges = [Math.max(Math.min(0, steps[0]), steps[0] - (steps[1] - steps[0]) / 2)];
  for (let i = 1; i < n; i++) edges.push((steps[i - 1] + steps[i]) / 2);
  edges.push(steps[n - 1] + (steps[n - 1] - steps[n - 2]) / 2);
  return edges;
}

/** The cells of `layer` over the probes (sorted by step); probes without that layer are skipped. */
export function histogramColumns(probes: readonly HistogramProbe[], layer: number): HistogramColumns {
  const drawn = probes.filter((p) => (layer + 1) * p.bins <= p.histogram.length);
  const edges = columnEdges(drawn.map((p) => p.step));
  const cells: HistogramCell[] = [];
  let maxShare = 0;
  drawn.forEach((p, i) => {
    const counts = p.histogram.subarray(layer * p.bins, (layer + 1) * p.bins);
    let total = 0;
    for (const c of counts) total += c;
    if (total <= 0) return;
    const width = (p.histMax - p.histMin) / p.bins;
    counts.forEach((c, b) => {
      if (c <= 0) return;
      const share = c / total;
      maxShare = Math.max(maxShare, share);
      cells.push({ x0: edges[i], x1: edges[i + 1], lo: p.histMin + b * width, hi: p.histMin + (b + 1) * width, share });
    });
  });
  return {
    columns: drawn.length,
    steps: drawn.length ? [edges[0], edges[edges.length - 1]] : [0, 1],
    values: cells.length ? [min(cells, (c) => c.lo)!, max(cells, (c) => c.hi)!] : drawn.length ? [min(drawn, (p) => p.histMin)!, max(drawn, (p) => p.histMax)!] : [-1, 1],
    cells,
    maxShare,
  };
}
