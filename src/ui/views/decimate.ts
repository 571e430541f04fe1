// Min/max decimation of a long series for drawing: a path with 100k points would be rebuilt every frame while
// training, so each bucket of consecutive points keeps only its lowest and highest point (in order), which
// draws the same envelope at screen resolution. Tested by decimate.test.ts.

/** Indices of the points to draw: all of them when n <= 2·buckets, else per bucket its min and max. */
export function decimateMinMax(y: ArrayLike<number>, buckets: number): number[] {
  const n = y.length;
  if (n <= 2 * buckets) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      if (!Number.isFinite(y[i])) continue;
      if (lo < 0 || y[i] < y[lo]) lo = i;
      if (hi < 0 || y[i] > y[hi]) hi = i;
    }
    if (lo < 0) out.push(start); // a bucket of NaNs keeps one NaN, so the line shows a gap
    else if (lo === hi) out.push(lo);
    else out.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}
