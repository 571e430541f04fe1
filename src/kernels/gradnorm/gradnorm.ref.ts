// CPU reference for gradNorm (same argument order as gradnorm.ts minus ctx and the outputs, which it returns).
// Accumulates in f64. Used by gradnorm.test.ts.

/** norm = sqrt(sum grads^2) over N; scale = maxNorm > 0 ? min(1, maxNorm / (norm + 1e-6)) : 1. */
export function gradNormRef(
  grads: Float32Array, // (N)
  N: number,
  maxNorm: number,
): { norm: number; scale: number } {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += grads[i] * grads[i];
  const norm = Math.sqrt(sum);
  return { norm, scale: maxNorm > 0 ? Math.min(1, maxNorm / (norm + 1e-6)) : 1 };
}
