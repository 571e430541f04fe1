// CPU reference for residual.wgsl (same signature as the launcher: outputs first).

/** out = a + b, all (N). */
export function residualForwardRef(out: Float32Array, a: Float32Array, b: Float32Array, N: number): void {
  for (let i = 0; i < N; i++) out[i] = a[i] + b[i];
}

/** out += a, both (N). */
export function accumulateRef(out: Float32Array, a: Float32Array, N: number): void {
  for (let i = 0; i < N; i++) out[i] += a[i];
}
