// PPO-ptx end to end on the Node WebGPU adapter with a tiny model (random SFT policy, random reward model of the
// same vocabulary): rollouts sampled on the GPU end at end of text or the cap and their log-probs are the policy's,
// every TRL metric of an iteration is finite, β adapts toward a target KL, the policy exports as a language model,
// and the bad inputs get clear errors (a language model as the reward model and back, vocabularies that differ,
// a prompt longer than the context, γ > 0 without pretraining text); π_SFT and the policy answer side by side.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { decodeCheckpoint, encodeCheckpoint, REWARD_HEAD } from '../checkpoint/gpt2-checkpoint';
import { DEFAULT_TRAIN } from '../config';
import { CharTokenizer } from '../data/tokenizer';
import { labelerById } from '../labelers/labelers';
import { initParams, paramLayout } from '../model/params';
import { seededNormal } from '../train/trainer';
import { DEFAULT_PPO, PpoTrainer } from './ppo';

const text = 'the cat sat. the dog ran! a cat is here. ';
const tok = CharTokenizer.fromText(text + 'Tell:?\n');
const cfg = { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16, vocabSize: tok.size };
const sft = decodeCheckpoint(encodeCheckpoint(cfg, tok, initParams(paramLayout(cfg), cfg, seededNormal(1))));
const rmLayout = paramLayout(cfg, { heads: [REWARD_HEAD] });
const rm = decodeCheckpoint(encodeCheckpoint(cfg, tok, initParams(rmLayout, cfg, seededNormal(2)).map((x) => x * 5), { architecture: 'GPT2ForSequenceClassification', rewardStats: { mean: 0, std: 1 } }));
const prompts = ['the cat:\n', 'Tell dog?\n', 'a cat\n'];
const train = { ...DEFAULT_TRAIN, batchSize: 4, steps: 3, lr: 1e-3 };

describe('PPO-ptx', () => {
  it('rolls out on the GPU, reports finite metrics, adapts β and exports the policy', async () => {
    const ctx = await testCtx();
    const ppo = new PpoTrainer(ctx, { policy: sft, reward: rm, prompts, source: 'prompts', ptxText: text.repeat(4), train, settings: { ...DEFAULT_PPO, responseLen: 6, epochs: 2, targetKl: 0.01 }, labeler: labelerById('concise') });
    // Before any update the policy is π_SFT: with the same seed both write the same answers, with the same scores.
    const before = await ppo.compare(prompts);
    expect(before).toHaveLength(3);
    for (const row of before) {
      expect(row.policy).toEqual(row.sft);
      expect(Number.isFinite(row.sft.score)).toBe(true);
      expect(row.sft.labelerScore).not.toBeNull();
    }
    const m1 = await ppo.iterate();
    const r = ppo.last!;
    for (let b = 0; b < 4; b++) {
      expect(r.responseLen[b]).toBeGreaterThanOrEqual(1);
      expect(r.responseLen[b]).toBeLessThanOrEqual(6);
      expect(r.logp[b]).toHaveLength(r.responseLen[b]);
      expect(r.finished[b] || r.responseLen[b] === 6).toBe(true);
      expect(r.logp[b].every((l) => l <= 0 && Number.isFinite(l))).toBe(true);
    }
    // Before any update the policy is the reference: KL 0, so an adaptive β shrinks.
    expect(m1['objective/kl']).toBeCloseTo(0, 5);
    for (const [k, v] of Object.entries(m1)) expect(Number.isFinite(v), k).toBe(true);
    expect(ppo.beta).toBeLessThan(DEFAULT_PPO.beta);
    expect(ppo.stepsTaken).toBe(2);
    const m2 = await ppo.iterate();
    expect(m2['objective/kl']).not.toBe(0);
    expect(m2['loss/ptx_avg']).toBeGreaterThan(0);
    // π_SFT's answers stay as they were; the policy's are its own now (some of its log-probs moved).
    const after = await ppo.compare(prompts);
    expect(after.map((r) => r.sft)).toEqual(before.map((r) => r.sft));
    expect(after.map((r) => r.prompt)).toEqual(prompts);
    const exported = decodeCheckpoint(await ppo.exportPolicy());
    expect(exported.architecture).toBe('GPT2LMHeadModel');
    expect(exported.config).toEqual(cfg);
    ppo.destroy();
  });

  it('refuses mismatched models and inputs with clear messages', async () => {
    const ctx = await testCtx();
    const base = { policy: sft, reward: rm, prompts, source: 'prompts.jsonl', ptxText: text, train, settings: DEFAULT_PPO };
    expect(() => new PpoTrainer(ctx, { ...base, reward: sft })).toThrow('is a language model');
    expect(() => new PpoTrainer(ctx, { ...base, policy: rm })).toThrow('is a reward model');
    const other = CharTokenizer.fromText('xyz');
    const otherCfg = { ...cfg, vocabSize: other.size };
    const otherRm = decodeCheckpoint(encodeCheckpoint(otherCfg, other, new Float32Array(paramLayout(otherCfg, { heads: [REWARD_HEAD] }).total), { architecture: 'GPT2ForSequenceClassification' }));
    expect(() => new PpoTrainer(ctx, { ...base, reward: otherRm })).toThrow('different vocabularies');
    expect(() => new PpoTrainer(ctx, { ...base, prompts: ['the cat sat. the dog ran!'] })).toThrow('prompts.jsonl: a prompt of 25 characters is longer than the context of 16 allows');
    expect(() => new PpoTrainer(ctx, { ...base, ptxText: undefined })).toThrow('needs pretraining text');
  });
});
