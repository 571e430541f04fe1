// CPU reference for causal self-attention (attention.ts), same signatures as the launchers minus ctx.
// Materializes one row of scores at a time, accumulates in f64 and subtracts the row max before exp.
// The backward is checked against a finite difference of the forward in attention.test.ts.

/** out (B,T,C) and lse (B,NH,T) from qkv (B,T,3C); qkv per token is [q | k | v], head h uses channels h*HS..(h+1)*HS. */
export function attentionForwardRef(out: Float32Array, lse: Float32Array, qkv: Float32Array, B: number, T: number, C: number, NH: number): void {
  const HS = C / NH;
  const scale = 1 / Math.sqrt(HS);
  const s = new Float64Array(T); // scores of one query row
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < NH; h++) {
      for (let t = 0; t < T; t++) {
        const q = (b * T + t) * 3 * C + h * HS;
        let m = -Infinity;
        for (let j = 0; j <= t; j++) {
          s[j] = dot(qkv, q, qkv, (b * T + j) * 3 * C + C + h * HS, HS) * scale;
          m = Math.max(m, s[j]);
        }
        let sum = 0;
        for (let j = 0; j <= t; j++) sum += Math.exp(s[j] - m);
        const o = (b * T + t) * C + h * HS;
        for (let d = 0; d < HS; d++) {
          let acc = 0;
          for (let j = 0; j <= t; j++) acc += Math.exp(s[j] - m) * qkv[(b * T + j) * 3 * C + 2 * C + h * HS + d];
          out[o + d] = acc / sum;
        }
        lse[(b * NH + h) * T + t] = m + Math.log(sum);
      }
    }
  }
}

/**
 * dqkv (B,T,3C), overwritten, from dout (B,T,C), qkv (B,T,3C), out (B,T,C) and lse (B,NH,T):
 * P = exp(S - lse), dV = Pᵀ dO, dP = dO Vᵀ, dS = P ∘ (dP - rowsum(dO ∘ O)), dQ = dS K * scale, dK = dSᵀ Q * scale.
 */
export function attentionBackwardRef(
  dqkv: Float32Array, dout: Float32Array, qkv: Float32Array, out: Float32Array, lse: Float32Array,
  B: number, T: number, C: number, NH: number,
): void {
  const HS = C / NH;
  const scale = 1 / Math.sqrt(HS);
  const acc = new Float64Array(B * T * 3 * C); // (B, T, 3C)
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < NH; h++) {
      for (let t = 0; t < T; t++) {
        const q = (b * T + t) * 3 * C + h * HS;
        const o = (b * T + t) * C + h * HS;
        const D = dot(dout, o, out, o, HS);
        const l = lse[(b * NH + h) * T + t];
        for (let j = 0; j <= t; j++) {
          const k = (b * T + j) * 3 * C + C + h * HS;
          const v = k + C;
          const p = Math.exp(dot(qkv, q, qkv, k, HS) * scale - l);
          const ds = p * (dot(dout, o, qkv, v, HS) - D) * scale;
          for (let d = 0; d < HS; d++) {
            acc[q + d] += ds * qkv[k + d];
            acc[k + d] += ds * qkv[q + d];
            acc[v + d] += p * dout[o + d];
          }
        }
      }
    }
  }
  dqkv.set(acc);
}

/** Dot product of n elements of a from ia and of b from ib, in f64. */
function dot(a: Float32Array, ia: number, b: Float32Array, ib: number, n: number): number {
  let s = 0;
  for (let d = 0; d < n; d++) s += a[ia + d] * b[ib + d];
  return s;
}
