// CPU reference of next-token sampling (sampling.wgsl), float64, and the exact TypeScript twin of the WGSL
// counter-based RNG (sampling_rng.wgsl), so that both sides draw the same u for each (seed, b, pos).
// Used by sampling.test.ts.

import { checkRolloutRows, normalizeSamplingOptions, type SamplingOptions } from './sampling';

/** PCG-RXS-M-XS hash of a u32, bit-identical to pcg_hash in sampling_rng.wgsl. */
export function pcgHash(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** Uniform in [0, 1) (a multiple of 2^-24), identical to counter_uniform in sampling_rng.wgsl. */
export function counterUniform(seed: number, a: number, b: number): number {
  const h = pcgHash((pcgHash((pcgHash(seed) ^ a) >>> 0) ^ b) >>> 0);
  return (h >>> 8) / 16777216;
}

/** Unnormalized probabilities of one row: exp((x − max)/temperature) for x >= the k-th largest value, else 0. */
export function topKWeights(row: ArrayLike<number>, temperature: number, k: number): Float64Array {
  const V = row.length;
  const sorted = Float64Array.from(row).sort().reverse();
  const threshold = sorted[Math.min(k, V) - 1];
  const max = sorted[0];
  const w = new Float64Array(V);
  for (let i = 0; i < V; i++) w[i] = row[i] >= threshold ? Math.exp((row[i] - max) / temperature) : 0;
  return w;
}

/** The token the kernel picks from one row for uniform u (temperature 0: argmax, lowest id on ties). */
export function pickToken(row: ArrayLike<number>, temperature: number, k: number, u: number): number {
  if (temperature === 0) {
    let best = 0;
    for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
    return best;
  }
  const w = topKWeights(row, temperature, k);
  const r = u * w.reduce((a, b) => a + b, 0);
  let cum = 0;
  let last = -1;
  for (let i = 0; i < w.length; i++) {
    cum += w[i];
    if (w[i] > 0) {
      last = i;
      if (cum > r) return i;
    }
  }
  return last;
}

/** One sampling step over all rows, as sampleNextTokens (same argument order, minus ctx); updates in place. */
export function sampleNextTokensRef(
  logits: Float32Array, // (B, T, V)
  tokens: Uint32Array, // (B, T)
  pos: Uint32Array, // (B)
  done: Uint32Array, // (B)
  limit: Uint32Array, // (B)
  B: number,
  T: number,
  V: number,
  opts: SamplingOptions,
): void {
  const o = normalizeSamplingOptions(opts, V);
  checkRolloutRows(pos, done, limit, B, T);
  for (let b = 0; b < B; b++) {
    if (done[b] !== 0) continue;
    const at = pos[b];
    const row = logits.subarray((b * T + at) * V, (b * T + at + 1) * V);
    const tok = pickToken(row, o.temperature, o.k, counterUniform(o.seed, b, at));
    tokens[b * T + at + 1] = tok;
    pos[b] = at + 1;
    if (tok === o.eot || tok === o.stop || at + 1 === limit[b]) done[b] = 1;
  }
}
