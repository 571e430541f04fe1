// The 95% Wilson score interval of an accuracy (correct out of n): unlike p ± z·√(p(1−p)/n) it stays inside
// [0, 1] and is not zero-width at 0/n or n/n, which matters for the small held-out sets a tiny model is asked.
// Tested by interval.test.ts.

/** Wilson score interval for `correct` successes in `n` trials; z = 1.96 gives 95%. n = 0 knows nothing: [0, 1]. */
export function wilsonInterval(correct: number, n: number, z = 1.96): { lo: number; hi: number } {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(correct) || correct < 0 || correct > n) {
    throw new Error(`wilsonInterval: need integers 0 <= correct <= n (got correct ${correct}, n ${n})`);
  }
  if (n === 0) return { lo: 0, hi: 1 };
  const p = correct / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lo: Math.max(0, center - half), hi: Math.min(1, center + half) };
}
