// CPU references of the PPO kernels (float64), same meaning as ppo.ts. Used by ppo.test.ts.

export function ppoPolicyRef(losses: ArrayLike<number>, logpOld: ArrayLike<number>, adv: ArrayLike<number>, mask: ArrayLike<number>, clip: number) {
  const N = losses.length;
  const coef = new Float64Array(N), pg = new Float64Array(N), clipped = new Float64Array(N), kl2 = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    if (mask[i] === 0) continue;
    const d = -losses[i] - logpOld[i];
    const ratio = Math.exp(d);
    const l1 = -adv[i] * ratio;
    const l2 = -adv[i] * Math.min(Math.max(ratio, 1 - clip), 1 + clip);
    const isClipped = l2 > l1;
    coef[i] = -mask[i] * (isClipped ? 0 : -adv[i] * ratio);
    pg[i] = Math.max(l1, l2);
    clipped[i] = isClipped ? 1 : 0;
    kl2[i] = 0.5 * d * d;
  }
  return { coef, pg, clipped, kl2 };
}

export function ppoValueRef(values: ArrayLike<number>, valuesOld: ArrayLike<number>, returns: ArrayLike<number>, mask: ArrayLike<number>, clip: number, vfCoef: number) {
  const N = values.length;
  const dvalues = new Float64Array(N), vf = new Float64Array(N), clipped = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    if (mask[i] === 0) continue;
    const v = values[i], vo = valuesOld[i], r = returns[i];
    const vc = Math.min(Math.max(v, vo - clip), vo + clip);
    const l1 = (v - r) ** 2, l2 = (vc - r) ** 2;
    const g1 = v - r;
    const g2 = v >= vo - clip && v <= vo + clip ? vc - r : 0;
    const g = l1 > l2 ? g1 : l2 > l1 ? g2 : 0.5 * (g1 + g2);
    dvalues[i] = vfCoef * mask[i] * g;
    vf[i] = 0.5 * Math.max(l1, l2);
    clipped[i] = l2 > l1 ? 1 : 0;
  }
  return { dvalues, vf, clipped };
}

export function rowEntropyRef(logits: ArrayLike<number>, N: number, V: number): Float64Array {
  const out = new Float64Array(N);
  for (let r = 0; r < N; r++) {
    let m = -Infinity;
    for (let v = 0; v < V; v++) m = Math.max(m, logits[r * V + v]);
    let s = 0, sx = 0;
    for (let v = 0; v < V; v++) {
      const e = Math.exp(logits[r * V + v] - m);
      s += e;
      sx += e * logits[r * V + v];
    }
    out[r] = m + Math.log(s) - sx / s;
  }
  return out;
}
