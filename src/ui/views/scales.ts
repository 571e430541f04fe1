// Domains for the charts' d3 scales: padded extents that ignore NaN, log-safe extents, a robust symmetric range
// for diverging colour scales, and equal-aspect domains for the embedding map. Tested by scales.test.ts.

export type Extent = [number, number];

/** [min, max] of the finite values in all arrays, widened by `pad` × range on each side; `fallback` when empty. */
export function paddedExtent(arrays: ArrayLike<number>[], pad = 0.05, fallback: Extent = [0, 1], positiveOnly = false): Extent {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return fallback;
  if (positiveOnly) {
    // pad in log space, so the padding looks the same on a log axis
    const f = hi === lo ? 1.5 : Math.pow(hi / lo, pad);
    return [lo / f, hi * f];
  }
  const r = hi - lo || Math.abs(hi) * 0.1 || 1;
  return [lo - pad * r, hi + pad * r];
}

/** The q-quantile of |v| (e.g. 0.99): a colour range that a few outlier channels cannot wash out. */
export function robustAbsMax(values: ArrayLike<number>, q = 0.99): number {
  const abs: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) abs.push(Math.abs(values[i]));
  if (abs.length === 0) return 1;
  abs.sort((a, b) => a - b);
  const m = abs[Math.min(abs.length - 1, Math.floor(q * (abs.length - 1)))];
  return m > 0 ? m : abs[abs.length - 1] || 1;
}

/**
 * Domains for x and y that show both extents with the same data units per pixel on a width × height plot, so
 * distances in the embedding map are not stretched along one axis.
 */
export function equalAspectDomains(x: Extent, y: Extent, width: number, height: number): { x: Extent; y: Extent } {
  const unitsPerPx = Math.max((x[1] - x[0]) / width, (y[1] - y[0]) / height) || 1 / Math.max(width, height);
  const cx = (x[0] + x[1]) / 2;
  const cy = (y[0] + y[1]) / 2;
  const hx = (unitsPerPx * width) / 2;
  const hy = (unitsPerPx * height) / 2;
  return { x: [cx - hx, cx + hx], y: [cy - hy, cy + hy] };
}
