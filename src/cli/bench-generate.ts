// `npm run bench -- --generate`: tokens/s of batched generation from the trained bench model, B rows at once, for
// each way the engine can generate: token choice on the GPU or on the CPU, with the KV cache or by full recompute.
// Each mode may sample up to the window's room after the prompt; rows that sample end of text stop early, so the
// figure counts the tokens actually made (end of text included). Timing covers one whole generateBatch call after
// an untimed one. Tested by cli.test.ts (its option ranges).

import type { CharTokenizer } from '../engine/data/tokenizer';
import { GPT } from '../engine/model/gpt';
import { generateBatch } from '../engine/sampling/generate';
import type { GpuContext } from '../kernels/runtime/context';
import { emit, requireFinite } from './args';

const MODES = [
  { name: 'gpu + kv-cache', tokenChoice: 'gpu', kvCache: true },
  { name: 'cpu + kv-cache', tokenChoice: 'cpu', kvCache: true },
  { name: 'gpu + recompute', tokenChoice: 'gpu', kvCache: false },
  { name: 'cpu + recompute', tokenChoice: 'cpu', kvCache: false },
] as const;

export async function benchGenerate(ctx: GpuContext, source: GPT, tokenizer: CharTokenizer, rows: number, prompt: string, json: boolean, label: Record<string, string | number>): Promise<void> {
  const model = new GPT(ctx, source.cfg, rows, source.cfg.blockSize, { training: false, shareParams: source });
  try {
    const room = source.cfg.blockSize - Array.from(prompt).length;
    const prompts = Array<string>(rows).fill(prompt);
    for (const m of MODES) {
      const opts = { tokens: room, temperature: 1, topK: 0, seed: 7, tokenChoice: m.tokenChoice, kvCache: m.kvCache };
      await generateBatch(model, tokenizer, prompts, opts); // warm: pipelines compiled, buffers allocated
      await ctx.sync();
      const t0 = performance.now();
      const out = await generateBatch(model, tokenizer, prompts, { ...opts, seed: 8 });
      const ms = performance.now() - t0;
      const made = out.reduce((s, c) => s + Array.from(c.text).length + (c.finished ? 1 : 0), 0);
      requireFinite({ ms }, `bench --generate (${m.name})`);
      emit(json, { ...label, generate: m.name, B: rows, maxTokens: room, tokens: made, ms, tokensPerSec: Math.round((made * 1000) / ms) });
    }
  } finally {
    model.destroy();
  }
}
