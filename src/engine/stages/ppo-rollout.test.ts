// PPO rollouts with the KV cache against full recompute on the Node WebGPU adapter (SwiftShader in CI), with a
// tiny random policy (value head) whose logits are sharpened and whose end-of-text logit is raised, so that in one
// rollout some rows end early at end of text and others run to the cap; prompts of different lengths. For a seed,
// greedy and sampled (with and without top-k), both write the same tokens, hence the same responses, log-probs,
// values and scores; the KV-cache plan runs one full forward (the prefill) and one decode step per further token.
import { describe, expect, it, vi } from 'vitest';
import type { Dispatch } from '../../kernels/runtime/context';
import { testCtx } from '../../test/gpu';
import { REWARD_HEAD } from '../checkpoint/gpt2-checkpoint';
import { CharTokenizer } from '../data/tokenizer';
import { GPT } from '../model/gpt';
import { initParams, paramLayout } from '../model/params';
import { seededNormal } from '../train/trainer';
import { rollout, RolloutBuffers, type Rollout } from './ppo-rollout';
import { VALUE_HEAD } from './ppo-update';
import { RewardScorer } from './reward-scorer';

const tok = CharTokenizer.fromText('the cat sat. a dog ran! Tell:?\n');
const cfg = { nLayer: 2, nHead: 2, nEmbd: 16, blockSize: 16, vocabSize: tok.size };
const B = 4, T = cfg.blockSize;
// 9, 2, 10 and 4 tokens: with responses of up to 6, row 2 is capped by the context (at most T-2 = 14 tokens).
const prompts = ['the cat:\n', 'a\n', 'Tell dog?\n', 'sat.'];

describe.sequential('PPO rollout', () => {
  it('with the KV cache writes the same tokens as full recompute, one decode step per token', async () => {
    const ctx = await testCtx();
    const policy = new GPT(ctx, cfg, B, T, { training: true, scalarHeads: [{ ...VALUE_HEAD, rows: B * T }] });
    const flat = initParams(policy.layout, cfg, seededNormal(4)).map((x) => x * 8); // sharp logits
    const wte = policy.layout.specs.find((s) => s.name === 'transformer.wte.weight')!;
    for (let i = 0; i < cfg.nEmbd; i++) flat[wte.offset + tok.eot * cfg.nEmbd + i] *= 4; // end of text more likely
    policy.loadParams(flat);
    const reference = new GPT(ctx, cfg, B, T, { training: false, shareParams: policy });
    const scorer = new RewardScorer(ctx, cfg, tok, B, { flat: initParams(paramLayout(cfg, { heads: [REWARD_HEAD] }), cfg, seededNormal(2)) });
    const buffers = new RolloutBuffers(ctx, B);
    const settings = [
      { temperature: 0, topK: 0, seed: 1 },
      { temperature: 1, topK: 0, seed: 1 },
      { temperature: 0.9, topK: 4, seed: 1 },
    ];
    for (const { seed, ...s } of settings) {
      const run = vi.spyOn(ctx, 'run');
      let full: Rollout, kv: Rollout, plans: Dispatch[][];
      try {
        full = await rollout(ctx, policy, reference, scorer, tok, buffers, prompts, { ...s, responseLen: 6 }, seed, undefined, policy, 'recompute');
        kv = await rollout(ctx, policy, reference, scorer, tok, buffers, prompts, { ...s, responseLen: 6 }, seed);
        plans = run.mock.calls.filter((c) => c[1] === 'rollout').map((c) => c[0] as Dispatch[]);
      } finally {
        run.mockRestore();
      }
      const what = `temperature ${s.temperature} top-k ${s.topK}`;
      // Rows that end early at end of text beside rows that run to the cap (the seeds were chosen for it).
      const cap = prompts.map((p) => Math.min(6, T - 1 - p.length));
      expect(kv.finished.some((f, b) => f && kv.responseLen[b] < cap[b]), `${what}: a row ends early`).toBe(true);
      expect(kv.finished.some((f, b) => !f && kv.responseLen[b] === cap[b]), `${what}: a row runs to the cap`).toBe(true);
      expect(kv.tokens, what).toEqual(full.tokens);
      for (const k of ['responses', 'finished', 'responseLen', 'logp', 'refLogp', 'values', 'scores'] as const) expect(kv[k], `${what}: ${k}`).toEqual(full[k]);
      const count = (plan: Dispatch[], prefix: string) => plan.filter((d) => d.label.startsWith(prefix)).length;
      const steps = count(plans[0], 'attention_forward') / cfg.nLayer; // full recompute: one forward per token
      expect(count(plans[1], 'attention_forward'), what).toBe(cfg.nLayer);
      expect(count(plans[1], 'attention_decode'), what).toBe(cfg.nLayer * (steps - 1));
    }
    scorer.destroy();
    reference.destroy();
    policy.destroy();
  });
});
