// KV-cache decoding against the full forward on the Node WebGPU adapter (SwiftShader in CI), with a tiny random
// model: prefill over prompts of different lengths followed by garbage (so a cache entry a step fails to
// overwrite shows), then one decode step per position; each step's logits must equal the full forward's logits
// of the true sequence at (b, pos[b]), rows that reached the last position staying there. Tolerance 1e-5 +
// 1e-5·|ref|: the same kernels on the same inputs (bit for bit on SwiftShader when written), the margin being
// for matmul tile shapes that differ between M = B and M = B·T on other adapters.
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { seededNormal } from '../train/trainer';
import { Decoder } from './decoder';
import { GPT } from './gpt';
import { initParams } from './params';

const TIGHT = { atol: 1e-5, rtol: 1e-5 };

describe.sequential('Decoder', () => {
  it('each step gives the full forward logits at every row\'s own position', async () => {
    const ctx = await testCtx();
    const cfg = { nLayer: 2, nHead: 2, nEmbd: 16, blockSize: 12, vocabSize: 11 };
    const B = 3, T = cfg.blockSize, V = cfg.vocabSize;
    const model = new GPT(ctx, cfg, B, T, { training: false });
    model.loadParams(initParams(model.layout, cfg, seededNormal(3)).map((x) => x * 10)); // logits far from uniform
    const rng = new Rng(11);
    const seq = Uint32Array.from({ length: B * T }, () => rng.int(V));
    const zeros = new Uint32Array(B * T);
    model.setBatch(seq, zeros);
    ctx.run(model.forward);
    const full = await ctx.read(model.lmHead.logits);

    const promptLen = [1, 5, 9];
    const prefill = new Uint32Array(B * T).fill(V - 1);
    promptLen.forEach((n, b) => prefill.set(seq.subarray(b * T, b * T + n), b * T));
    model.setBatch(prefill, zeros);
    ctx.run(model.forward);
    ctx.write(model.tokens, seq); // the true tokens; the cache past each prompt still holds the garbage's k, v
    const dec = new Decoder(model, { toModelLogits: true });
    try {
      for (let s = 0; s < T; s++) {
        const pos = Uint32Array.from(promptLen, (n) => Math.min(n - 1 + s, T - 1));
        ctx.write(dec.pos, pos);
        await noGpuErrors(ctx, () => ctx.run(dec.step));
        const got = await ctx.read(dec.logits);
        const want = new Float32Array(B * V);
        pos.forEach((p, b) => want.set(full.subarray((b * T + p) * V, (b * T + p + 1) * V), b * V));
        expectClose(got, want, TIGHT, `step ${s} logits`);
        const scattered = await ctx.read(model.lmHead.logits);
        pos.forEach((p, b) => expectClose(scattered.subarray((b * T + p) * V, (b * T + p + 1) * V), got.subarray(b * V, (b + 1) * V), { atol: 0, rtol: 0 }, `step ${s} row ${b} in the model's logits`));
      }
    } finally {
      dec.destroy();
      model.destroy();
    }
  });

  it('frees what it allocates, and refuses a position buffer of the wrong size', async () => {
    const ctx = await testCtx();
    const cfg = { nLayer: 1, nHead: 1, nEmbd: 8, blockSize: 4, vocabSize: 5 };
    const model = new GPT(ctx, cfg, 2, 4, { training: false });
    const before = ctx.liveBuffers;
    new Decoder(model).destroy();
    expect(ctx.liveBuffers).toBe(before);
    const pos = ctx.tensor('pos', [3], 'u32');
    expect(() => new Decoder(model, { pos })).toThrow(/pos \(pos\) must hold B = 2 u32 positions/);
    ctx.destroyBuffers([pos.buffer]);
    model.destroy();
  });
});
