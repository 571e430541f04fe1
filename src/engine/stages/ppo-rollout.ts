// PPO rollouts on the GPU: B prompts answered at once, each token chosen on the GPU (sampleNextTokens writes it
// into the sampler's token buffer and advances the rows' positions), the whole rollout encoded in one command
// buffer with no readback per token; responses stop at end of text or the length cap. With the KV cache (the
// default) the first token comes from the sampler's full forward over the prompts and every later one from a
// decode step (model/decoder.ts) for one position per row, reading the positions the sampling kernel advances;
// full recompute (`generation: 'recompute'`, the reference the tests compare against) runs the full forward for
// every token. Prompt + response never reach the end of the context, so the cache never has to slide. Then one
// readback of the tokens, the policy's and the reference's log-probs of the sampled tokens and the policy's
// values, and the reward model's score of each finished prompt + response + end of text.
// Tested by ppo-rollout.test.ts and ppo.test.ts.

import type { GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';
import { checkRolloutRows, sampleNextTokens } from '../../kernels/sampling/sampling';
import type { CharTokenizer } from '../data/tokenizer';
import { Decoder } from '../model/decoder';
import type { GPT } from '../model/gpt';
import { readPrefixes } from '../gpu/read-back';
import type { RankedGroup } from './reward-batch';
import type { RewardScorer } from './reward-scorer';

export interface RolloutSettings {
  /** Most response tokens (end of text included); the context caps it. */
  responseLen: number;
  temperature: number;
  topK: number;
}

export interface Rollout {
  prompts: string[];
  /** Response text (no end-of-text token) and whether it ended with end of text. */
  responses: string[];
  finished: boolean[];
  /** (B·T) tokens: prompt, response, then padding 0. */
  tokens: Uint32Array;
  promptLen: number[];
  /** Response tokens per row (end of text included when sampled). */
  responseLen: number[];
  /** Per row, per response token: policy log-prob, reference log-prob, value (at the position predicting it). */
  logp: number[][];
  refLogp: number[][];
  values: number[][];
  /** The reward model's score of each row (normalised when the reward model has statistics). */
  scores: number[];
  /** Wall time of the generation (encode, GPU, one readback) and of scoring (log-probs, values, reward model). */
  generateMs: number;
  scoreMs: number;
}

export class RolloutBuffers {
  readonly pos: Tensor;
  readonly done: Tensor;
  readonly limit: Tensor;

  constructor(ctx: GpuContext, B: number) {
    this.pos = ctx.tensor('rollout.pos', [B], 'u32');
    this.done = ctx.tensor('rollout.done', [B], 'u32');
    this.limit = ctx.tensor('rollout.limit', [B], 'u32');
  }
}

/** Samples responses to `prompts` (one per row of `policy`) with the policy's own forward pass. */
export async function rollout(
  ctx: GpuContext,
  policy: GPT,
  reference: GPT,
  scorer: RewardScorer,
  tokenizer: CharTokenizer,
  buffers: RolloutBuffers,
  prompts: readonly string[],
  s: RolloutSettings,
  seed: number,
  normalize?: { mean: number; std: number },
  /** The model that writes the responses (default the policy; the reference gives π_SFT's answers to compare). */
  sampler: GPT = policy,
  /** 'kv-cache': one position per row per token after the prefill; 'recompute': a full forward per token. */
  generation: 'kv-cache' | 'recompute' = 'kv-cache',
): Promise<Rollout> {
  const { B, T } = policy;
  const V = policy.cfg.vocabSize;
  if (prompts.length !== B) throw new Error(`rollout: ${prompts.length} prompts for B=${B}`);
  const eot = tokenizer.eot;
  const tokens = new Uint32Array(B * T);
  const promptLen = prompts.map((p) => Array.from(p).length);
  const pos = new Uint32Array(B), done = new Uint32Array(B), limit = new Uint32Array(B);
  prompts.forEach((p, b) => {
    const ids = tokenizer.encode(p);
    // Room for the response and, for the reward model, an end-of-text token after it: at most T-2.
    if (ids.length < 1 || ids.length > T - 2) throw new Error(`prompt ${JSON.stringify(p)} has ${ids.length} tokens; the context of ${T} leaves room for prompts of 1 to ${T - 2}`);
    tokens.set(ids, b * T);
    pos[b] = ids.length - 1;
    limit[b] = Math.min(ids.length - 1 + s.responseLen, T - 2);
  });
  checkRolloutRows(pos, done, limit, B, T);
  const t0 = performance.now();
  sampler.setInputs(tokens);
  ctx.write(buffers.pos, pos);
  ctx.write(buffers.done, done);
  ctx.write(buffers.limit, limit);
  // The seed is a plan-time constant of the sampling kernel: a fresh dispatch per rollout, freed after it, as are
  // the decoder's (B, ·) rows.
  const scope = ctx.trackBuffers();
  const sample = sampleNextTokens(ctx, sampler.lmHead.logits, sampler.tokens, buffers.pos, buffers.done, buffers.limit, B, T, V, { temperature: s.temperature, topK: s.topK, eot, seed: seed >>> 0 });
  const owned = scope.stop();
  let decoder: Decoder | null = null;
  let toks: Uint32Array, finalPos: Uint32Array;
  try {
    // A decode step reads tokens[b, pos[b]] (the token the last sample wrote) and writes its logits where the
    // sampler reads them; done rows recompute their last position, unchanged.
    if (generation === 'kv-cache') decoder = new Decoder(sampler, { pos: buffers.pos, toModelLogits: true });
    const next = decoder ? decoder.step : sampler.forward;
    const steps = Math.max(...limit.map((l, b) => l - pos[b]));
    const plan = [...sampler.forward, ...sample];
    for (let i = 1; i < steps; i++) plan.push(...next, ...sample);
    ctx.run(plan, 'rollout');
    [toks, finalPos] = await Promise.all([ctx.readU32(sampler.tokens), ctx.readU32(buffers.pos)]);
  } finally {
    ctx.destroyBuffers(owned);
    decoder?.destroy();
  }

  const t1 = performance.now();
  const out: Rollout = { prompts: [...prompts], responses: [], finished: [], tokens: toks, promptLen, responseLen: [], logp: [], refLogp: [], values: [], scores: [], generateMs: t1 - t0, scoreMs: 0 };
  const targets = new Uint32Array(B * T);
  for (let b = 0; b < B; b++) {
    const ids = Array.from(toks.subarray(b * T + promptLen[b], b * T + finalPos[b] + 1));
    const finished = ids.length > 0 && ids[ids.length - 1] === eot;
    out.finished.push(finished);
    out.responses.push(tokenizer.decode(finished ? ids.slice(0, -1) : ids));
    out.responseLen.push(ids.length);
    toks.fill(0, b * T + finalPos[b] + 1, (b + 1) * T);
    for (let t = 0; t + 1 < T; t++) targets[b * T + t] = toks[b * T + t + 1];
  }
  // Log-probs and values of the sampled tokens under the policy and the reference (one forward each).
  policy.setBatch(toks, targets, new Float32Array(B * T).fill(1), true);
  reference.setBatch(toks, targets, new Float32Array(B * T).fill(1), true);
  ctx.run([...policy.forward, ...reference.forward], 'rollout log-probs');
  const head = Object.values(policy.heads)[0];
  const [losses, refLosses, values] = await readPrefixes(ctx, [policy.lmHead.losses, reference.lmHead.losses, head.values].map((t) => ({ tensor: t, length: B * T })));
  for (let b = 0; b < B; b++) {
    const first = b * T + promptLen[b] - 1; // the position predicting the first response token
    const n = out.responseLen[b];
    out.logp.push(Array.from(losses.subarray(first, first + n), (l) => -l));
    out.refLogp.push(Array.from(refLosses.subarray(first, first + n), (l) => -l));
    out.values.push(Array.from(values.subarray(first, first + n)));
  }
  const groups: RankedGroup[] = prompts.map((p, b) => {
    const ids = new Uint32Array(promptLen[b] + out.responseLen[b] + (out.finished[b] ? 0 : 1));
    ids.set(toks.subarray(b * T, b * T + promptLen[b] + out.responseLen[b]));
    ids[ids.length - 1] = eot;
    return { prompt: p, responses: [out.responses[b]], seqs: [ids] };
  });
  out.scores = (await scorer.scoreGroups(groups)).map(([r]) => (normalize ? (r - normalize.mean) / normalize.std : r));
  out.scoreMs = performance.now() - t1;
  return out;
}
