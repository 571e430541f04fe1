// CPU reference of the pairwise ranking loss (ranking.wgsl), float64. Used by ranking.test.ts and by the reward
// stage's host-side evaluation figures.

export interface RankingStats {
  loss: number;
  accuracy: number;
  margin: number;
}

/** Loss, accuracy and margin (means over groups of per-pair means) and dscores for groups of sizes `sizes`,
 *  laid out consecutively in `scores`, each ranked best first. */
export function rankingLossRef(dscores: Float64Array | Float32Array, scores: ArrayLike<number>, sizes: readonly number[]): RankingStats {
  dscores.fill(0);
  const G = sizes.length;
  let loss = 0, accuracy = 0, margin = 0, start = 0;
  for (const K of sizes) {
    const P = (K * (K - 1)) / 2;
    for (let i = 0; i < K; i++) {
      for (let j = i + 1; j < K; j++) {
        const d = scores[start + i] - scores[start + j];
        loss += (Math.max(-d, 0) + Math.log1p(Math.exp(-Math.abs(d)))) / P / G;
        accuracy += (d > 0 ? 1 : 0) / P / G;
        margin += d / P / G;
        const s = 1 / (1 + Math.exp(d)); // σ(−d)
        dscores[start + i] -= s / P / G;
        dscores[start + j] += s / P / G;
      }
    }
    start += K;
  }
  return { loss, accuracy, margin };
}
