// CPU reference for adamw.wgsl (same argument order as the launcher in adamw.ts, minus ctx), rounding to f32
// after every operation in the shader's order. Used by adamw.test.ts.

const f = Math.fround;

/** One AdamW step in place on params, m, v, as torch.optim.AdamW with the gradient multiplied by gradScale. */
export function adamwRef(
  params: Float32Array, // (N)
  grads: Float32Array, // (N)
  m: Float32Array, // (N)
  v: Float32Array, // (N)
  hyper: Float32Array, // (8) lr, beta1, beta2, eps, weightDecay, bc1, bc2, unused
  gradScale: number,
  N: number,
  decay: boolean,
): void {
  const [lr, beta1, beta2, eps, weightDecay, bc1, bc2] = hyper;
  const stepSize = f(lr / bc1);
  const bc2Sqrt = f(Math.sqrt(bc2));
  const decayFactor = f(1 - f(lr * weightDecay));
  for (let i = 0; i < N; i++) {
    const g = f(grads[i] * f(gradScale));
    const w = decay ? f(params[i] * decayFactor) : params[i];
    m[i] = f(f(beta1 * m[i]) + f(f(1 - beta1) * g));
    v[i] = f(f(beta2 * v[i]) + f(f(f(1 - beta2) * g) * g));
    const denom = f(f(f(Math.sqrt(v[i])) / bc2Sqrt) + eps);
    params[i] = f(w - f(stepSize * f(m[i] / denom)));
  }
}
