// CPU reference for attention-decode.ts (same argument order as the launcher, minus ctx): one query per row at
// its own position, scores in f64 with the row max subtracted before exp.

/** out (B,C): attention of the query at pos[b] of qkv (B,T,3C) over positions 0..pos[b] of row b. */
export function attentionDecodeRef(out: Float32Array, qkv: Float32Array, pos: Uint32Array, B: number, T: number, C: number, NH: number): void {
  const HS = C / NH;
  const scale = 1 / Math.sqrt(HS);
  for (let b = 0; b < B; b++) {
    const p = pos[b];
    if (p >= T) throw new Error(`attentionDecodeRef: pos[${b}] = ${p} is outside the T = ${T} positions`);
    const s = new Float64Array(p + 1);
    for (let h = 0; h < NH; h++) {
      const q = (b * T + p) * 3 * C + h * HS;
      let m = -Infinity;
      for (let j = 0; j <= p; j++) {
        const k = (b * T + j) * 3 * C + C + h * HS;
        let dot = 0;
        for (let d = 0; d < HS; d++) dot += qkv[q + d] * qkv[k + d];
        s[j] = dot * scale;
        m = Math.max(m, s[j]);
      }
      let sum = 0;
      for (let j = 0; j <= p; j++) sum += Math.exp(s[j] - m);
      for (let d = 0; d < HS; d++) {
        let acc = 0;
        for (let j = 0; j <= p; j++) acc += Math.exp(s[j] - m) * qkv[(b * T + j) * 3 * C + 2 * C + h * HS + d];
        out[b * C + h * HS + d] = acc / sum;
      }
    }
  }
}
