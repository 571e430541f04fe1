// Residual-stream summaries for the probe text: per layer (the embedding output, then each block's output)
// mean, std, min and max over T×C, and histograms that share one symmetric range so layers can be compared.
// Tested by activation-probe.test.ts.

export const HISTOGRAM_BINS = 41;

export interface ActivationSummary {
  stats: Float32Array; // (layers, 4): mean, std, min, max
  histogram: Float32Array; // (layers, bins) counts
  bins: number;
  /** The shared range [histMin, histMax] = [-m, m], m = the largest |value| of any layer (1 if all are 0). */
  histMin: number;
  histMax: number;
}

/** Stats and histograms of `residual` (layers, T, C); the last bin includes histMax. */
export function summarizeActivations(residual: Float32Array, layers: number, T: number, C: number, bins = HISTOGRAM_BINS): ActivationSummary {
  const n = T * C;
  if (residual.length !== layers * n) throw new Error(`summarizeActivations: ${residual.length} values for shape (${layers}, ${T}, ${C})`);
  let m = 0;
  for (let i = 0; i < residual.length; i++) m = Math.max(m, Math.abs(residual[i]));
  if (!(m > 0) || !Number.isFinite(m)) m = 1;
  const stats = new Float32Array(layers * 4);
  const histogram = new Float32Array(layers * bins);
  for (let l = 0; l < layers; l++) {
    const x = residual.subarray(l * n, (l + 1) * n);
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      sum += x[i];
      min = Math.min(min, x[i]);
      max = Math.max(max, x[i]);
    }
    const mean = sum / n;
    let sq = 0;
    for (let i = 0; i < n; i++) sq += (x[i] - mean) ** 2;
    stats.set([mean, Math.sqrt(sq / n), min, max], l * 4);
    for (let i = 0; i < n; i++) {
      const b = Math.min(bins - 1, Math.max(0, Math.floor(((x[i] + m) / (2 * m)) * bins)));
      histogram[l * bins + b]++;
    }
  }
  return { stats, histogram, bins, histMin: -m, histMax: m };
}
