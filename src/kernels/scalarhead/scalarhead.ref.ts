// CPU reference of the scalar head (same signatures as scalarhead.ts, host arrays). Float64 accumulation.
// Used by scalarhead.test.ts.

/** values (M) = x[rows[m], :] · w (+ b). */
export function scalarHeadForwardRef(values: Float32Array, x: Float32Array, rows: Uint32Array, w: Float32Array, b: number, M: number, C: number): void {
  for (let m = 0; m < M; m++) {
    let acc = 0;
    for (let c = 0; c < C; c++) acc += x[rows[m] * C + c] * w[c];
    values[m] = acc + b;
  }
}

/** dx[rows[m]] += dvalues[m]·w ; dw += Σ dvalues[m]·x[rows[m]] ; returns db = Σ dvalues. */
export function scalarHeadBackwardRef(dx: Float32Array, dw: Float32Array, dvalues: Float32Array, x: Float32Array, rows: Uint32Array, w: Float32Array, M: number, C: number): number {
  let db = 0;
  for (let m = 0; m < M; m++) {
    db += dvalues[m];
    for (let c = 0; c < C; c++) {
      dx[rows[m] * C + c] += dvalues[m] * w[c];
      dw[c] += dvalues[m] * x[rows[m] * C + c];
    }
  }
  return db;
}
