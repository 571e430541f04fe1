// CPU references for the metric reductions (same argument order as reduce.ts minus ctx and the output slot:
// they return the values). Accumulate in f64, two-pass variance. Used by reduce.test.ts.

/** sum_i a[i] * w[i] over N (plain sum when w is null). */
export function weightedSumRef(
  a: Float32Array, // (N)
  w: Float32Array | null, // (N)
  N: number,
): number {
  let s = 0;
  for (let i = 0; i < N; i++) s += w ? a[i] * w[i] : a[i];
  return s;
}

/** [mean, std (population), min, max] of a over N. */
export function statsRef(
  a: Float32Array, // (N)
  N: number,
): [number, number, number, number] {
  let sum = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < N; i++) {
    sum += a[i];
    lo = Math.min(lo, a[i]);
    hi = Math.max(hi, a[i]);
  }
  const mean = sum / N;
  let m2 = 0;
  for (let i = 0; i < N; i++) m2 += (a[i] - mean) ** 2;
  return [mean, Math.sqrt(m2 / N), lo, hi];
}
