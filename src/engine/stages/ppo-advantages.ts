// Per-token rewards and advantages of a PPO rollout, on the host between the rollout and the update (TRL's
// PPOTrainer): for one response of n tokens with policy log-probs logp, reference log-probs ref and values v,
//   kl_t = logp_t − ref_t,   r_t = −β·kl_t  (+ the reward model's score on the last token),
//   δ_t = r_t + γ·v_{t+1} − v_t (v_n = 0),   A_t = δ_t + γλ·A_{t+1},   returns_t = A_t + v_t,
// and the advantages of the whole batch whitened (mean 0, unbiased variance 1). Tested by ppo-vs-pytorch.test.ts.

export interface AdvantageSettings {
  /** KL coefficient. */
  beta: number;
  /** Discount (1: every reward counts fully). */
  gamma: number;
  /** GAE λ. */
  lam: number;
}

export function sequenceAdvantages(logp: readonly number[], ref: readonly number[], values: readonly number[], score: number, s: AdvantageSettings): { kl: number[]; rewards: number[]; advantages: number[]; returns: number[] } {
  const n = logp.length;
  const kl = logp.map((l, t) => l - ref[t]);
  const rewards = kl.map((k) => -s.beta * k);
  if (n > 0) rewards[n - 1] += score;
  const advantages = new Array<number>(n);
  let next = 0;
  for (let t = n - 1; t >= 0; t--) {
    const delta = rewards[t] + s.gamma * (t + 1 < n ? values[t + 1] : 0) - values[t];
    next = delta + s.gamma * s.lam * next;
    advantages[t] = next;
  }
  return { kl, rewards, advantages, returns: advantages.map((a, t) => a + values[t]) };
}

/** (x − mean) / sqrt(unbiased variance + 1e-8), as TRL's masked_whiten over all response tokens of a batch. */
export function whiten(x: readonly number[]): number[] {
  const n = x.length;
  if (n < 2) return x.map(() => 0);
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const scale = 1 / Math.sqrt(variance + 1e-8);
  return x.map((v) => (v - mean) * scale);
}
