// CPU reference for the LayerNorm kernels (same signatures as layernorm.ts minus ctx: outputs first).
// Arithmetic in float64; works on Float32Array (GPU comparison) or Float64Array (finite-difference checks).
// Tested by layernorm.test.ts: GPU against these, and backward against central differences of forward.

type Floats = Float32Array | Float64Array;

/** As layernorm_forward.wgsl and GPT-2. */
const EPS = 1e-5;

/** out = (inp - mean) * rstd * weight + bias per row; mean and rstd saved for backward. */
export function layernormForwardRef(
  out: Floats, // (N, C)
  mean: Floats, // (N)
  rstd: Floats, // (N)
  inp: Floats, // (N, C)
  weight: Floats, // (C)
  bias: Floats, // (C)
  N: number,
  C: number,
): void {
  for (let r = 0; r < N; r++) {
    const x = r * C;
    let m = 0;
    for (let i = 0; i < C; i++) m += inp[x + i];
    m /= C;
    let v = 0;
    for (let i = 0; i < C; i++) v += (inp[x + i] - m) ** 2;
    const s = 1 / Math.sqrt(v / C + EPS);
    for (let i = 0; i < C; i++) out[x + i] = (inp[x + i] - m) * s * weight[i] + bias[i];
    mean[r] = m;
    rstd[r] = s;
  }
}

/** ACCUMULATES dinp, dweight, dbias (llm.c layernorm_backward). */
export function layernormBackwardRef(
  dinp: Floats, // (N, C)
  dweight: Floats, // (C)
  dbias: Floats, // (C)
  dout: Floats, // (N, C)
  inp: Floats, // (N, C)
  weight: Floats, // (C)
  mean: Floats, // (N)
  rstd: Floats, // (N)
  N: number,
  C: number,
): void {
  // Summed over all rows in float64, then added once, so the reference carries no f32 rounding per row.
  const dw = new Float64Array(C); // (C)
  const db = new Float64Array(C); // (C)
  for (let r = 0; r < N; r++) {
    const x = r * C;
    let gMean = 0;
    let gNormMean = 0;
    for (let i = 0; i < C; i++) {
      const g = weight[i] * dout[x + i];
      gMean += g;
      gNormMean += g * (inp[x + i] - mean[r]) * rstd[r];
    }
    gMean /= C;
    gNormMean /= C;
    for (let i = 0; i < C; i++) {
      const norm = (inp[x + i] - mean[r]) * rstd[r];
      db[i] += dout[x + i];
      dw[i] += norm * dout[x + i];
      dinp[x + i] += rstd[r] * (weight[i] * dout[x + i] - gMean - norm * gNormMean);
    }
  }
  for (let i = 0; i < C; i++) {
    dweight[i] += dw[i];
    dbias[i] += db[i];
  }
}
