// Text generation on the Node WebGPU adapter with a tiny random model: the one-prompt form returns the prompt and
// the requested tokens; batched greedy rows equal the one-prompt result; rows stop at end of text (a model made
// to always predict it); and the same seed gives the same samples. KV-cache generation gives the same tokens as
// full recompute (greedy, sampled, top-k) for rows of different prompt lengths, some ending early at end of text;
// its command buffers hold one full forward then one decode step per token, with the token chosen on the GPU and
// one readback per GPU_CHUNK tokens; greedy decoding chooses the same tokens on the GPU as on the CPU; past the
// context the CPU path takes over (the window slides) and both modes still match.
import { describe, expect, it, vi } from 'vitest';
import type { GpuContext } from '../../kernels/runtime/context';
import { testCtx } from '../../test/gpu';
import { CharTokenizer } from '../data/tokenizer';
import { GPT } from '../model/gpt';
import { initParams } from '../model/params';
import { seededNormal } from '../train/trainer';
import { Decoder } from '../model/decoder';
import { generate, generateBatch, type Completion, type GenerateOptions } from './generate';
import { GPU_CHUNK } from './generate-gpu';

const tok = CharTokenizer.fromText('abcd .');
const cfg = { nLayer: 1, nHead: 1, nEmbd: 8, blockSize: 8, vocabSize: tok.size };

interface Counted {
  out: Completion[];
  /** CPU-path full forwards and decode steps (one token each). */
  forwards: number;
  steps: number;
  /** Dispatch counts of the GPU path's command buffers, and the readbacks of the whole call. */
  gpuPlans: number[];
  reads: number;
}

/** generateBatch's result and what it ran (ctx.run labels and plan sizes, readbacks). */
async function counted(ctx: GpuContext, model: GPT, prompts: string[], opts: GenerateOptions): Promise<Counted> {
  const run = vi.spyOn(ctx, 'run');
  const mapRead = vi.spyOn(ctx, 'mapRead'); // every readback (readU32, read, readRanges) maps a staging buffer once
  try {
    const out = await generateBatch(model, tok, prompts, opts);
    const calls = run.mock.calls.map((c) => ({ label: c[1], size: c[0].length }));
    const count = (label: string) => calls.filter((c) => c.label === label).length;
    const gpuPlans = calls.filter((c) => c.label === 'generate: on the GPU').map((c) => c.size);
    return { out, forwards: count('generate: full forward'), steps: count('generate: decode step'), gpuPlans, reads: mapRead.mock.calls.length };
  } finally {
    run.mockRestore();
    mapRead.mockRestore();
  }
}

/**
 * A random model of config `c` with sharp logits (weights x8) whose end-of-text logit is damped (its wte row
 * x0.3), so that sampled rows end at end of text some of the time, not at once.
 */
function sharpModel(ctx: GpuContext, c: typeof cfg, B: number): GPT {
  const model = new GPT(ctx, c, B, c.blockSize, { training: false });
  const flat = initParams(model.layout, c, seededNormal(8)).map((x) => x * 8);
  const wte = model.layout.specs.find((s) => s.name === 'transformer.wte.weight')!;
  for (let i = 0; i < c.nEmbd; i++) flat[wte.offset + tok.eot * c.nEmbd + i] *= 0.3;
  model.loadParams(flat);
  return model;
}

describe.sequential('generate', () => {
  it('continues a prompt; batched greedy rows equal the single-prompt result; seeds repeat', async () => {
    const ctx = await testCtx();
    const one = new GPT(ctx, cfg, 1, cfg.blockSize, { training: false });
    const flat = initParams(one.layout, cfg, seededNormal(5)).map((x) => x * 20); // sharper logits than at init
    one.loadParams(flat);
    const three = new GPT(ctx, cfg, 3, cfg.blockSize, { training: false, shareParams: one });
    const text = await generate(one, tok, 'ab', { tokens: 10, temperature: 0, topK: 0, seed: 1 });
    const greedy = await generateBatch(three, tok, ['ab', 'ab', 'ab'], { tokens: 10, temperature: 0, topK: 0, seed: 9 });
    for (const c of greedy) expect('ab' + c.text).toBe(text);
    const s1 = await generateBatch(three, tok, ['a', 'b', ''], { tokens: 6, temperature: 1, topK: 0, seed: 4 });
    const streamed = ['', '', ''];
    const s2 = await generateBatch(three, tok, ['a', 'b', ''], { tokens: 6, temperature: 1, topK: 0, seed: 4, onToken: (r, t) => (streamed[r] += t) });
    expect(s2).toEqual(s1);
    expect(streamed).toEqual(s1.map((c) => c.text)); // each token reported as sampled, in order
    three.destroy();
    one.destroy();
  });

  it('stops a row at end of text', async () => {
    const ctx = await testCtx();
    const model = new GPT(ctx, cfg, 2, cfg.blockSize, { training: false });
    // wte = 0 except the EOT row, ln_f weight 0 and bias = that row: every logit is 0 except EOT's (|b|² > 0).
    const flat = new Float32Array(model.layout.total);
    const spec = (n: string) => model.layout.specs.find((s) => s.name === n)!;
    const row = [1, -1, 2, 0, 1, 1, -2, 1];
    flat.set(row, spec('transformer.wte.weight').offset + tok.eot * cfg.nEmbd);
    flat.set(row, spec('transformer.ln_f.bias').offset);
    model.loadParams(flat);
    const out = await generateBatch(model, tok, ['ab', 'c'], { tokens: 5, temperature: 0, topK: 0, seed: 1 });
    expect(out).toEqual([{ text: '', finished: true }, { text: '', finished: true }]);
    model.destroy();
  });

  it('with stopAtNewline, a row ends at its first newline (not included), as the same seed without it shows', async () => {
    const ctx = await testCtx();
    const nl = CharTokenizer.fromText('ab\n');
    const c = { ...cfg, vocabSize: nl.size };
    const model = new GPT(ctx, c, 4, c.blockSize, { training: false });
    model.loadParams(initParams(model.layout, c, seededNormal(3)).map((x) => x * 8));
    const opts = { tokens: 6, temperature: 1, topK: 0, seed: 11 };
    const free = await generateBatch(model, nl, ['a', 'b', 'ab', 'ba'], opts);
    const stopped = await generateBatch(model, nl, ['a', 'b', 'ab', 'ba'], { ...opts, stopAtNewline: true });
    expect(free.some((f) => f.text.includes('\n'))).toBe(true); // the seed makes some row write a newline
    free.forEach((f, r) => {
      // the same RNG draws until a row stops, so each stopped row is the free row cut at its first newline
      if (f.text.includes('\n')) expect(stopped[r]).toEqual({ text: f.text.slice(0, f.text.indexOf('\n')), finished: true });
    });
    model.destroy();
  });

  it('KV-cache generation samples the same tokens as full recompute, one decode step per token, chosen on the GPU', async () => {
    const ctx = await testCtx();
    const model = sharpModel(ctx, { nLayer: 2, nHead: 2, nEmbd: 16, blockSize: 16, vocabSize: tok.size }, 4);
    const decodeStep = new Decoder(model, { toModelLogits: true }); // as generation builds it
    const [F, D] = [model.forward.length, decodeStep.step.length];
    decodeStep.destroy();
    const prompts = ['a', 'abcd', 'dc ba', '']; // 1, 4, 5 and 1 tokens; at most 5 + 10 <= T: no window slides
    for (const s of [{ temperature: 0, topK: 0, seed: 1 }, { temperature: 1, topK: 0, seed: 3 }, { temperature: 0.8, topK: 3, seed: 1 }]) {
      const opts = { tokens: 10, ...s };
      const full = await counted(ctx, model, prompts, { ...opts, kvCache: false });
      const kv = await counted(ctx, model, prompts, opts);
      expect(kv.out, `temperature ${s.temperature} top-k ${s.topK}`).toEqual(full.out);
      expect(kv.forwards + kv.steps + full.forwards + full.steps).toBe(0); // no token chosen on the CPU
      // The first command buffer: the prefill, then a decode step per further token, each followed by the sampler.
      expect(kv.gpuPlans[0]).toBe(F + 1 + (GPU_CHUNK - 1) * (D + 1));
      expect(full.gpuPlans[0]).toBe(GPU_CHUNK * (F + 1));
      expect(kv.gpuPlans.length).toBeLessThanOrEqual(Math.ceil(10 / GPU_CHUNK));
      expect(kv.reads).toBe(3 * kv.gpuPlans.length); // tokens, positions and done flags once per command buffer
      if (s.temperature > 0) {
        // Rows that stop early at end of text beside rows that run to the cap (the seeds were chosen for it).
        expect(kv.out.some((c) => c.finished && Array.from(c.text).length < 9), 'a row ends early').toBe(true);
        expect(kv.out.some((c) => !c.finished), 'a row runs to the cap').toBe(true);
      }
    }
    model.destroy();
  });

  it('greedy decoding chooses the same tokens on the GPU as on the CPU', async () => {
    const ctx = await testCtx();
    const model = sharpModel(ctx, { nLayer: 2, nHead: 2, nEmbd: 16, blockSize: 16, vocabSize: tok.size }, 3);
    const opts = { tokens: 12, temperature: 0, topK: 0, seed: 1 };
    const gpu = await generateBatch(model, tok, ['a', 'cab', 'd'], opts);
    const cpu = await generateBatch(model, tok, ['a', 'cab', 'd'], { ...opts, tokenChoice: 'cpu' });
    expect(gpu).toEqual(cpu);
    model.destroy();
  });

  it('past the context the CPU path takes over (the window slides) and both modes still match', async () => {
    const ctx = await testCtx();
    const small = { nLayer: 2, nHead: 2, nEmbd: 16, blockSize: 8, vocabSize: tok.size };
    const model = sharpModel(ctx, small, 2);
    for (const s of [{ temperature: 0, topK: 0, seed: 1 }, { temperature: 1, topK: 0, seed: 3 }]) {
      const opts = { tokens: 12, ...s };
      const full = await counted(ctx, model, ['ab', 'abcd'], { ...opts, kvCache: false });
      const kv = await counted(ctx, model, ['ab', 'abcd'], opts);
      expect(kv.out).toEqual(full.out);
      // Row 1 outgrew the window of 8: 4 prompt tokens + 5 sampled is the first context of 9.
      expect(4 + Array.from(kv.out[1].text).length, `temperature ${s.temperature}`).toBeGreaterThan(small.blockSize);
      // The GPU chose the 8 − 4 tokens that fit the window (one command buffer), the CPU the rest.
      expect(kv.gpuPlans).toHaveLength(1);
      expect(full.gpuPlans).toHaveLength(1);
      expect(kv.forwards + kv.steps).toBe(full.forwards + full.steps);
      expect(kv.forwards + kv.steps).toBeGreaterThan(0);
    }
    model.destroy();
  });
});
