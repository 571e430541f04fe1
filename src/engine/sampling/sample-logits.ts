// Picks the next token from one row of logits with temperature and top-k, on the CPU (a V-float row per
// generated token). Temperature 0 means greedy. Tested by sample-logits.test.ts.
import type { Rng } from '../rng';

export function sampleFromLogits(logits: Float32Array, temperature: number, topK: number, rng: Rng): number {
  const V = logits.length;
  if (!(temperature >= 0)) throw new Error(`temperature must be >= 0 (got ${temperature})`);
  if (temperature === 0) return argmax(logits);
  let ids = Array.from({ length: V }, (_, i) => i);
  if (topK > 0 && topK < V) {
    ids.sort((a, b) => logits[b] - logits[a] || a - b);
    ids = ids.slice(0, topK);
  }
  let max = -Infinity;
  for (const i of ids) max = Math.max(max, logits[i]);
  const probs = ids.map((i) => Math.exp((logits[i] - max) / temperature));
  const total = probs.reduce((a, b) => a + b, 0);
  let r = rng.uniform() * total;
  for (let j = 0; j < ids.length; j++) {
    r -= probs[j];
    if (r < 0) return ids[j];
  }
  return ids[ids.length - 1];
}

function argmax(x: Float32Array): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
  return best;
}
