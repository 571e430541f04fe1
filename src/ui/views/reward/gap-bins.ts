// Bins for the score-gap histogram: equal-width bins over a range symmetric about 0 (so the zero line sits on a
// bin edge and "right of zero = the model agrees with the ranking" reads at a glance). Tested by gap-bins.test.ts.

export interface GapBins {
  /** Left edge of bin 0 and the bin width; bin i covers [lo + i·width, lo + (i+1)·width). */
  lo: number;
  width: number;
  counts: number[];
}

/** `bins` (even) equal bins over [−m, m], m = the largest finite |gap| rounded up to a "nice" value (at least 0.5). */
export function binGaps(gaps: ArrayLike<number>, bins = 24): GapBins {
  const n = bins % 2 === 0 ? bins : bins + 1;
  let m = 0;
  for (let i = 0; i < gaps.length; i++) if (Number.isFinite(gaps[i])) m = Math.max(m, Math.abs(gaps[i]));
  const half = niceCeil(Math.max(m, 0.5));
  const width = (2 * half) / n;
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < gaps.length; i++) {
    const g = gaps[i];
    if (!Number.isFinite(g)) continue;
    counts[Math.min(n - 1, Math.max(0, Math.floor((g + half) / width)))]++;
  }
  return { lo: -half, width, counts };
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ v. */
export function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((f) => f * p).find((c) => c >= v * (1 - 1e-12))!;
}
