// CPU reference for the embedding kernels (same argument order as the launchers in embedding.ts, minus ctx).
// Used by embedding.test.ts.

/** out[b,t,:] = wte[tokens[b,t],:] + wpe[t,:]. */
export function embeddingForwardRef(
  out: Float32Array, // (B, T, C)
  tokens: Uint32Array, // (B, T)
  wte: Float32Array, // (V, C)
  wpe: Float32Array, // (maxT, C)
  B: number, T: number, C: number,
): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const o = (b * T + t) * C, w = tokens[b * T + t] * C, q = t * C;
      for (let c = 0; c < C; c++) out[o + c] = wte[w + c] + wpe[q + c];
    }
  }
}

/** out[b,:] = wte[tokens[b,p],:] + wpe[p,:] with p = pos[b] (one position per row, KV-cache decoding). */
export function embeddingForwardAtRef(
  out: Float32Array, // (B, C)
  tokens: Uint32Array, // (B, T)
  pos: Uint32Array, // (B)
  wte: Float32Array, // (V, C)
  wpe: Float32Array, // (maxT, C)
  B: number, T: number, C: number,
): void {
  for (let b = 0; b < B; b++) {
    const p = pos[b];
    if (p >= T) throw new Error(`embeddingForwardAtRef: pos[${b}] = ${p} is outside the T = ${T} positions`);
    const w = tokens[b * T + p] * C, q = p * C;
    for (let c = 0; c < C; c++) out[b * C + c] = wte[w + c] + wpe[q + c];
  }
}

/** dwte[tokens[b,t],:] += dout[b,t,:]; dwpe[t,:] += dout[b,t,:] (accumulates, positions in increasing order). */
export function embeddingBackwardRef(
  dwte: Float32Array, // (V, C)
  dwpe: Float32Array, // (maxT, C)
  dout: Float32Array, // (B, T, C)
  tokens: Uint32Array, // (B, T)
  B: number, T: number, C: number, V: number,
): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const o = (b * T + t) * C, id = tokens[b * T + t], q = t * C;
      if (id >= V) throw new Error(`embeddingBackwardRef: token ${id} outside the vocab (V=${V})`);
      for (let c = 0; c < C; c++) {
        dwte[id * C + c] += dout[o + c];
        dwpe[q + c] += dout[o + c];
      }
    }
  }
}
