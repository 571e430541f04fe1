// CPU reference of the scalar head with K outputs (same signatures as scalarhead.ts, host arrays). Float64
// accumulation. Used by scalarhead.test.ts.

/** values (M, K) = x[rows[m], :] · w[k, :] (+ b[k]); w (K, C); b (K), or one number added to every output
 *  (0 for no bias). */
export function scalarHeadForwardRef(values: Float32Array, x: Float32Array, rows: Uint32Array, w: Float32Array, b: number | ArrayLike<number>, M: number, C: number, K = 1): void {
  for (let m = 0; m < M; m++) {
    for (let k = 0; k < K; k++) {
      let acc = 0;
      for (let c = 0; c < C; c++) acc += x[rows[m] * C + c] * w[k * C + c];
      values[m * K + k] = acc + (typeof b === 'number' ? b : b[k]);
    }
  }
}

/**
 * dx[rows[m]] += Σ_k dvalues[m, k]·w[k] ; dw[k] += Σ_m dvalues[m, k]·x[rows[m]] ; db[k] += Σ_m dvalues[m, k] when
 * `db` (K) is given. Returns Σ_m dvalues[m, 0]: the bias gradient of a K = 1 head.
 */
export function scalarHeadBackwardRef(
  dx: Float32Array, // (N, C)
  dw: Float32Array, // (K, C)
  dvalues: Float32Array, // (M, K)
  x: Float32Array, // (N, C)
  rows: Uint32Array, // (M)
  w: Float32Array, // (K, C)
  M: number,
  C: number,
  K = 1,
  db: Float32Array | Float64Array | null = null, // (K)
): number {
  let db0 = 0;
  for (let m = 0; m < M; m++) {
    db0 += dvalues[m * K];
    for (let k = 0; k < K; k++) {
      const dv = dvalues[m * K + k];
      if (db) db[k] += dv;
      for (let c = 0; c < C; c++) {
        dx[rows[m] * C + c] += dv * w[k * C + c];
        dw[k * C + c] += dv * x[rows[m] * C + c];
      }
    }
  }
  return db0;
}
