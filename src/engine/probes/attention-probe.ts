// Attention probabilities for the probe text, on the CPU from the q, k, v the GPU computed: the attention
// kernel never materializes them (flash-style), so the probe recomputes causal softmax(q·kᵀ/√HS) per head.
// Tested by attention-probe.test.ts (probabilities · v equals the kernel's CPU reference output).

/** out (NH, T, T) from one layer's qkv (T, 3C) for one sequence; entries above the diagonal are 0. */
export function attentionProbs(out: Float32Array, qkv: Float32Array, T: number, C: number, NH: number): void {
  if (C % NH !== 0) throw new Error(`attentionProbs: C=${C} is not divisible by NH=${NH}`);
  if (qkv.length < T * 3 * C) throw new Error(`attentionProbs: qkv has ${qkv.length} values, (T, 3C) needs ${T * 3 * C}`);
  if (out.length !== NH * T * T) throw new Error(`attentionProbs: out has ${out.length} values, (NH, T, T) needs ${NH * T * T}`);
  const HS = C / NH;
  const scale = 1 / Math.sqrt(HS);
  const s = new Float64Array(T); // scores of one query row
  out.fill(0);
  for (let h = 0; h < NH; h++) {
    for (let t = 0; t < T; t++) {
      const q = t * 3 * C + h * HS;
      let max = -Infinity;
      for (let j = 0; j <= t; j++) {
        const k = j * 3 * C + C + h * HS;
        let dot = 0;
        for (let d = 0; d < HS; d++) dot += qkv[q + d] * qkv[k + d];
        s[j] = dot * scale;
        max = Math.max(max, s[j]);
      }
      let sum = 0;
      for (let j = 0; j <= t; j++) sum += (s[j] = Math.exp(s[j] - max));
      const row = (h * T + t) * T;
      for (let j = 0; j <= t; j++) out[row + j] = s[j] / sum;
    }
  }
}

/** (L, NH, T, T) probabilities of every layer, from each layer's qkv (T, 3C). */
export function attentionProbsAllLayers(qkvPerLayer: readonly Float32Array[], T: number, C: number, NH: number): Float32Array {
  const L = qkvPerLayer.length;
  const out = new Float32Array(L * NH * T * T);
  qkvPerLayer.forEach((qkv, l) => attentionProbs(out.subarray(l * NH * T * T, (l + 1) * NH * T * T), qkv, T, C, NH));
  return out;
}
