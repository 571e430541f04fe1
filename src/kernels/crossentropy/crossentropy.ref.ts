// CPU reference for crossentropy.wgsl (same signature as crossentropy.ts minus ctx: outputs first), in
// float64 with log-sum-exp. Works on Float32Array (GPU comparison) or Float64Array (finite-difference checks).
// Tested by crossentropy.test.ts.

type Floats = Float32Array | Float64Array;

/**
 * losses[i] = −log softmax(logits[i])[targets[i]]; dlogits[i] = (softmax(logits[i]) − onehot(targets[i])) * weights[i];
 * overwrites both.
 */
export function crossEntropyForwardBackwardRef(
  losses: Floats, // (N)
  dlogits: Floats, // (N, V)
  logits: Floats, // (N, V)
  targets: Uint32Array, // (N)
  weights: Floats, // (N)
  N: number,
  V: number,
): void {
  for (let r = 0; r < N; r++) {
    const x = r * V;
    let m = -Infinity;
    for (let i = 0; i < V; i++) m = Math.max(m, logits[x + i]);
    let sum = 0;
    for (let i = 0; i < V; i++) sum += Math.exp(logits[x + i] - m);
    const t = targets[r];
    losses[r] = Math.log(sum) + m - logits[x + t];
    for (let i = 0; i < V; i++) {
      dlogits[x + i] = (Math.exp(logits[x + i] - m) / sum - (i === t ? 1 : 0)) * weights[r];
    }
  }
}
