// The seeded PRNG of every generated dataset: mulberry32 (as src/engine/rng.ts) with the helpers a grammar needs.
// Same seed, same sequence: that is what makes `npm run datasets` write byte-identical files.
// Tested by make-datasets.test.ts (byte-identical regeneration) and the lesson tests, e.g. in-context.test.ts.

export function makeRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n); // 0 <= int(n) < n
  const pick = (xs) => xs[int(xs.length)];
  /** A copy of `xs` in random order (Fisher–Yates). */
  const shuffle = (xs) => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return { int, pick, shuffle, chance: (p) => next() < p, other: (xs, not) => pick(xs.filter((x) => x !== not)) };
}
