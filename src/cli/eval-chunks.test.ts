// evalInChunks: the same loss and windows as one evalLoss call, progress after each chunk, and every GPU buffer
// it allocated destroyed afterwards (the context's allocated bytes return to where they were).
import { describe, expect, it } from 'vitest';
import { evalLoss } from '../engine/eval/eval-loss';
import { initParams, paramLayout } from '../engine/model/params';
import { seededNormal } from '../engine/train/trainer';
import { testCtx } from '../test/gpu';
import { evalInChunks } from './eval-chunks';

describe('evalInChunks', () => {
  it('matches one evalLoss call, reports progress and frees its buffers', async () => {
    const ctx = await testCtx();
    const cfg = { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 8, vocabSize: 11 };
    const flat = initParams(paramLayout(cfg), cfg, seededNormal(3));
    const tokens = Uint32Array.from({ length: 23 * 9 + 4 }, (_, i) => (i * 7) % 11); // 23 windows, 4 tokens left over
    const whole = await evalLoss(ctx, cfg, flat, tokens); // also creates the context's shared scratch once
    const before = ctx.allocatedBytes;
    const seen: Array<[number, number]> = [];
    const r = await evalInChunks(ctx, cfg, flat, tokens, { chunkWindows: 10, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([[10, 23], [20, 23], [23, 23]]);
    expect(r.windows).toBe(whole.windows);
    expect(r.tokens).toBe(whole.tokens);
    expect(Math.abs(r.loss - whole.loss)).toBeLessThan(1e-6 * whole.loss); // float32 sums in another order
    expect(ctx.allocatedBytes).toBe(before);
    await expect(evalInChunks(ctx, cfg, flat, tokens.subarray(0, 8))).rejects.toThrow(/too few/);
    expect(ctx.allocatedBytes).toBe(before);
  });
});
