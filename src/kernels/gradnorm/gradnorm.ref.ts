// CPU reference for gradNorm (same argument order as gradnorm.ts minus ctx and the outputs, which it returns).
// Accumulates in f64. Used by gradnorm.test.ts (with gradNormLossScaledRef, the loss-scaled stage).

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

/** The loss scaler's state: S, finite steps since S last changed, steps skipped so far. */
export interface LossScaleState {
  scale: number;
  good: number;
  skipped: number;
}

/**
 * gradNormLossScaled on the CPU: grads hold S = state.scale times the true gradients. Returns the true norm, the
 * AdamW multiplier (clip scale / S), whether the step is skipped (a non-finite sum of squares) and the next state.
 */
export function gradNormLossScaledRef(
  grads: Float32Array, // (N), scaled by state.scale
  N: number,
  maxNorm: number,
  state: LossScaleState,
  growthInterval: number,
  growthFactor: number,
  backoffFactor: number,
): { norm: number; multiplier: number; skip: boolean; next: LossScaleState } {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += grads[i] * grads[i];
  const skip = !Number.isFinite(Math.fround(sum));
  const norm = Math.sqrt(sum) / state.scale;
  const clip = maxNorm > 0 ? Math.min(1, maxNorm / (norm + 1e-6)) : 1;
  let next: LossScaleState;
  if (skip) next = { scale: state.scale * backoffFactor, good: 0, skipped: state.skipped + 1 };
  else if (state.good + 1 >= growthInterval) next = { scale: state.scale * growthFactor, good: 0, skipped: state.skipped };
  else next = { scale: state.scale, good: state.good + 1, skipped: state.skipped };
  return { norm, multiplier: clip / state.scale, skip, next };
}
