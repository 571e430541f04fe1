// PCA gives each component only up to its sign, so a fresh projection may come back mirrored and the map would
// flip for no reason while training. Flip each component to agree with the previous projection before animating.
// Tested by align-projection.test.ts.

/** `next` (V, 2) with each column negated where it points against `prev`; `next` itself when V differs. */
export function alignProjection(prev: Float32Array | null, next: Float32Array): Float32Array {
  if (!prev || prev.length !== next.length) return next;
  const out = new Float32Array(next);
  for (let c = 0; c < 2; c++) {
    let dot = 0;
    for (let i = c; i < next.length; i += 2) dot += prev[i] * next[i];
    if (dot < 0) for (let i = c; i < next.length; i += 2) out[i] = -next[i];
  }
  return out;
}
