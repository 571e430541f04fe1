// The part of a generation that fits the window, with the token choice on the GPU: the prompts' prefill (a full
// forward), then per token a KV-cache decode step (or a full forward, without the cache) followed by
// sampleNextTokens, which draws the next token of every row on the GPU and writes it where the next step reads
// it. Steps are encoded GPU_CHUNK at a time in one command buffer, with one small readback (tokens, positions,
// done flags) per chunk instead of a (B, V) logits readback per token. The draws come from the sampler's
// counter-based RNG, u = f(seed, row, position), so a row's tokens do not depend on the other rows or the chunking.
// Tested by generate.test.ts (KV cache against full recompute, stops, streaming) and the sampling kernel's tests.

import type { CharTokenizer } from '../data/tokenizer';
import { checkRolloutRows, sampleNextTokens } from '../../kernels/sampling/sampling';
import { Decoder } from '../model/decoder';
import type { GPT } from '../model/gpt';

/** Tokens sampled per command buffer (and per readback): small enough that rows that stop early end the loop
 *  soon, large enough that a readback is rare. */
export const GPU_CHUNK = 8;

export interface GpuGenerateOptions {
  temperature: number;
  topK: number;
  seed: number;
  /** End of text id, or -1. */
  eot: number;
  /** A second id that ends a row (a newline), or -1. */
  stop: number;
  kvCache: boolean;
  onToken?: (row: number, text: string) => void;
}

/**
 * Samples up to `tokens` tokens for each row of `contexts` (token ids, mutated: sampled ids are appended, a final
 * end-of-text or stop id is not) as far as the window allows: rows run to min(tokens, T − longest context) steps.
 * Sets finished[r] when row r samples end of text or the stop id. Returns the number of steps taken, so that a
 * caller can continue the remaining tokens another way (a sliding window).
 */
export async function generateOnGpu(model: GPT, tokenizer: CharTokenizer, contexts: number[][], finished: boolean[], tokens: number, o: GpuGenerateOptions): Promise<number> {
  const { ctx, B, T } = model;
  const V = model.cfg.vocabSize;
  const n = contexts.length;
  const steps = Math.min(tokens, T - Math.max(...contexts.map((c) => c.length)));
  if (steps <= 0) return 0;
  const inputs = new Uint32Array(B * T);
  const pos = new Uint32Array(B), done = new Uint32Array(B).fill(1), limit = new Uint32Array(B);
  contexts.forEach((c, r) => {
    inputs.set(c, r * T);
    pos[r] = c.length - 1;
    limit[r] = c.length - 1 + steps;
    done[r] = finished[r] ? 1 : 0;
  });
  checkRolloutRows(pos, done, limit, B, T);
  model.setBatch(inputs, new Uint32Array(B * T));
  const scope = ctx.trackBuffers();
  let decoder: Decoder | null = null;
  try {
    const t = { pos: ctx.tensorFrom('generate.pos', [B], pos), done: ctx.tensorFrom('generate.done', [B], done), limit: ctx.tensorFrom('generate.limit', [B], limit) };
    const sample = sampleNextTokens(ctx, model.lmHead.logits, model.tokens, t.pos, t.done, t.limit, B, T, V, {
      temperature: o.temperature, topK: o.topK, eot: o.eot, stop: o.stop, seed: o.seed >>> 0,
    });
    if (o.kvCache) decoder = new Decoder(model, { pos: t.pos, toModelLogits: true });
    const next = decoder ? decoder.step : model.forward;
    const read = contexts.map((c) => c.length); // next position of each row to read back
    let taken = 0;
    while (taken < steps) {
      const chunk = Math.min(GPU_CHUNK, steps - taken);
      const plan = [];
      for (let i = 0; i < chunk; i++) plan.push(...(taken === 0 && i === 0 ? model.forward : next), ...sample);
      ctx.run(plan, 'generate: on the GPU');
      taken += chunk;
      const [toks, at, flags] = await Promise.all([ctx.readU32(model.tokens), ctx.readU32(t.pos), ctx.readU32(t.done)]);
      for (let r = 0; r < n; r++) {
        for (; read[r] <= at[r] && !finished[r]; read[r]++) {
          const id = toks[r * T + read[r]];
          if (id === o.eot || id === o.stop) finished[r] = true;
          else {
            contexts[r].push(id);
            o.onToken?.(r, tokenizer.vocab[id]);
          }
        }
      }
      if (flags.every((f) => f !== 0)) break;
    }
    return taken;
  } finally {
    decoder?.destroy();
    ctx.destroyBuffers(scope.stop());
  }
}
