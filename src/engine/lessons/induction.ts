// Induction-head scores: how much each attention head, at a position t whose token x_t occurred earlier at j,
// attends to j+1 — the token that FOLLOWED that earlier occurrence (Olsson et al. 2022, "In-context learning and
// induction heads"). A head that does this copies the answer from an earlier example ("7>Q … b>" → look at "Q"),
// which is how in-context learning works in small transformers. The score averages over the positions where such
// a copy is right (the next token is one of the tokens that followed the earlier occurrences), so positions
// whose continuation is not in the context (a fresh symbol) do not dilute it.
// Tested by induction.test.ts.

/** Positions j+1 (<= t) that an induction head at query position t attends to: after each earlier x_j = x_t. */
export function inductionTargets(tokens: ArrayLike<number>, t: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < t; j++) if (tokens[j] === tokens[t]) out.push(j + 1);
  return out;
}

/** Whether copying is right at t: the next token x_{t+1} is one of the tokens at the induction targets. */
export function copyIsRight(tokens: ArrayLike<number>, t: number): boolean {
  if (t + 1 >= tokens.length) return false;
  return inductionTargets(tokens, t).some((j) => tokens[j] === tokens[t + 1]);
}

export interface InductionScores {
  /** (L, NH): mean attention, over the query positions where copying is right, on the induction targets. */
  scores: number[][];
  /** Query positions where copying is right (the score's denominator). */
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
  for (let t = 0; t < T; t++) if (copyIsRight(tokens, t)) targets.push([t, inductionTargets(tokens, t)]);
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
