// Exponential moving average of a loss curve with TensorBoard's debiasing: the first points are not pulled
// towards 0 by the zero-initialised average. Tested by smoothing.test.ts.

/**
 * out[i] = ema_i / (1 - s^(k)), ema_i = s * ema_{i-1} + (1 - s) * v_i, with k the number of finite values so far.
 * Non-finite values (NaN after a divergence) are skipped and come out as NaN, so the line shows a gap.
 */
export function emaDebiased(values: ArrayLike<number>, smoothing: number): Float32Array {
  const s = Math.min(Math.max(smoothing, 0), 0.999);
  const out = new Float32Array(values.length);
  let ema = 0;
  let weight = 0; // 1 - s^k, the total weight the average has collected
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = NaN;
      continue;
    }
    ema = s * ema + (1 - s) * v;
    weight = s * weight + (1 - s);
    out[i] = ema / weight;
  }
  return out;
}
