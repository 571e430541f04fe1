// CPU reference for the row softmax kernels (same signatures as softmax.ts minus ctx: outputs first), in
// float64 with the row max subtracted. Works on Float32Array (GPU comparison) or Float64Array
// (finite-difference checks). Tested by softmax.test.ts.

type Floats = Float32Array | Float64Array;

/** out[i] = softmax(inp[i]) for each row i; both (N, V). */
export function softmaxForwardRef(out: Floats, inp: Floats, N: number, V: number): void {
  for (let r = 0; r < N; r++) {
    const x = r * V;
    let m = -Infinity;
    for (let i = 0; i < V; i++) m = Math.max(m, inp[x + i]);
    let sum = 0;
    for (let i = 0; i < V; i++) sum += Math.exp(inp[x + i] - m);
    for (let i = 0; i < V; i++) out[x + i] = Math.exp(inp[x + i] - m) / sum;
  }
}

/** dinp = out ∘ (dout − rowsum(dout ∘ out)), all (N, V); overwrites dinp. */
export function softmaxBackwardRef(dinp: Floats, dout: Floats, out: Floats, N: number, V: number): void {
  for (let r = 0; r < N; r++) {
    const x = r * V;
    let dot = 0;
    for (let i = 0; i < V; i++) dot += dout[x + i] * out[x + i];
    for (let i = 0; i < V; i++) dinp[x + i] = out[x + i] * (dout[x + i] - dot);
  }
}
