// Induction-head scores: how much each attention head, at a position whose last two tokens (x_{t-1}, x_t) occurred
// together earlier at (j-1, j), attends to j+1 — the token that FOLLOWED that earlier occurrence. A head that does
// this copies the answer from an earlier example ("a>q … a>" → look at "q"), which is how in-context learning works
// in small transformers (Olsson et al. 2022, "In-context learning and induction heads").
// Tested by induction.test.ts.

/** Positions j+1 (<= t) that an induction head at query position t should attend to. */
export function inductionTargets(tokens: ArrayLike<number>, t: number): number[] {
  const out: number[] = [];
  if (t < 1) return out;
  for (let j = 1; j + 1 <= t; j++) {
    if (tokens[j] === tokens[t] && tokens[j - 1] === tokens[t - 1] && j !== t) out.push(j + 1);
  }
  return out;
}

export interface InductionScores {
  /** (L, NH): mean attention, over the query positions that have targets, on those targets. */
  scores: number[][];
  /** Query positions with at least one target (the score's denominator). */
  queries: number;
  /** The head with the highest score. */
  best: { layer: number; head: number; score: number };
}

/**
 * Scores every head from `probs` (L, NH, T, T) attention probabilities of one sequence (rows = queries, each
 * summing to 1 over keys <= query). `tokens` (T) is that sequence.
 */
export function inductionScores(probs: Float32Array, tokens: ArrayLike<number>, L: number, NH: number, T: number): InductionScores {
  if (probs.length !== L * NH * T * T) throw new Error(`inductionScores: probs has ${probs.length} values, (L, NH, T, T) = (${L}, ${NH}, ${T}, ${T}) needs ${L * NH * T * T}`);
  if (tokens.length < T) throw new Error(`inductionScores: ${tokens.length} tokens for T=${T}`);
  const targets: Array<[number, number[]]> = [];
  for (let t = 0; t < T; t++) {
    const tg = inductionTargets(tokens, t);
    if (tg.length) targets.push([t, tg]);
  }
  const scores: number[][] = [];
  let best = { layer: 0, head: 0, score: -1 };
  for (let l = 0; l < L; l++) {
    const row: number[] = [];
    for (let h = 0; h < NH; h++) {
      let sum = 0;
      for (const [t, tg] of targets) {
        const base = ((l * NH + h) * T + t) * T;
        for (const j of tg) sum += probs[base + j];
      }
      const score = targets.length ? sum / targets.length : 0;
      row.push(score);
      if (score > best.score) best = { layer: l, head: h, score };
    }
    scores.push(row);
  }
  return { scores, queries: targets.length, best };
}
