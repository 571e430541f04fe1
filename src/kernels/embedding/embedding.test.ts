// embedding_forward.wgsl / embedding_backward.wgsl against embedding.ref.ts on the Node WebGPU adapter
// (SwiftShader in CI), plus buildTokenBuckets on a hand-checked batch.
// Tolerance: exact (atol = rtol = 0) for both passes. The forward is one f32 add per element; the backward adds
// the same f32 terms onto the same starting value in the same (increasing position) order as the reference,
// and f32 addition with no multiply involved cannot be contracted or reassociated by the shader compiler.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { buildTokenBuckets, embeddingBackward, embeddingForward } from './embedding';
import { embeddingBackwardRef, embeddingForwardRef } from './embedding.ref';

const EXACT = { atol: 0, rtol: 0 };

interface Case { B: number; T: number; C: number; V: number; maxT: number; tokens: (rng: Rng, n: number, V: number) => Uint32Array; what: string }

const uniformTokens = (rng: Rng, n: number, V: number) => Uint32Array.from({ length: n }, () => rng.int(V));
/** 60% of positions hold token 1 and the rest a few ids, so most rows are unused and one is hot. */
const skewedTokens = (rng: Rng, n: number, V: number) => Uint32Array.from({ length: n }, () => (rng.uniform() < 0.6 ? 1 : rng.int(Math.min(V, 4)) * 3 % V));

const CASES: Case[] = [
  { B: 1, T: 1, C: 1, V: 3, maxT: 1, tokens: uniformTokens, what: 'T=1, C=1' },
  { B: 2, T: 5, C: 37, V: 11, maxT: 8, tokens: uniformTokens, what: 'odd C, T < maxT' },
  { B: 3, T: 17, C: 150, V: 5, maxT: 17, tokens: skewedTokens, what: 'small vocab: rows split in channel chunks' },
  { B: 2, T: 9, C: 37, V: 3001, maxT: 12, tokens: skewedTokens, what: 'large vocab, mostly unused rows' },
  { B: 2, T: 9, C: 5, V: 70_001, maxT: 9, tokens: uniformTokens, what: 'vocab above 65535 rows (2-D grid)' },
];

describe.sequential('embedding', () => {
  it('buildTokenBuckets groups positions by token id, stably', () => {
    const { order, starts } = buildTokenBuckets(Uint32Array.from([2, 0, 2, 4, 0, 2]), 5);
    expect(Array.from(starts)).toEqual([0, 2, 2, 5, 5, 6]);
    expect(Array.from(order)).toEqual([1, 4, 0, 2, 5, 3]);
    expect(() => buildTokenBuckets(Uint32Array.from([5]), 5)).toThrow(/outside the vocab/);
  });

  for (const { B, T, C, V, maxT, tokens: makeTokens, what } of CASES) {
    it(`forward and accumulating backward, ${what} (B=${B} T=${T} C=${C} V=${V})`, async () => {
      const ctx = await testCtx();
      const rng = new Rng(B * 1000 + T * 100 + C + V);
      const tokens = makeTokens(rng, B * T, V);
      const wte = rng.normals(V * C), wpe = rng.normals(maxT * C), dout = rng.normals(B * T * C);
      // Pre-filled gradients check that the backward accumulates rather than overwrites.
      const dwte0 = rng.normals(V * C), dwpe0 = rng.normals(maxT * C);
      const buckets = buildTokenBuckets(tokens, V);

      const out = ctx.tensor('out', [B, T, C]);
      const tTokens = ctx.tensorFrom('tokens', [B, T], tokens);
      const tWte = ctx.tensorFrom('wte', [V, C], wte), tWpe = ctx.tensorFrom('wpe', [maxT, C], wpe);
      const tDout = ctx.tensorFrom('dout', [B, T, C], dout);
      const tDwte = ctx.tensorFrom('dwte', [V, C], dwte0), tDwpe = ctx.tensorFrom('dwpe', [maxT, C], dwpe0);
      const tBuckets = { order: ctx.tensorFrom('order', [B * T], buckets.order), starts: ctx.tensorFrom('starts', [V + 1], buckets.starts) };
      await noGpuErrors(ctx, () => ctx.run([
        ...embeddingForward(ctx, out, tTokens, tWte, tWpe, B, T, C),
        ...embeddingBackward(ctx, tDwte, tDwpe, tDout, tTokens, tBuckets, B, T, C, V),
      ]));

      const want = new Float32Array(B * T * C);
      embeddingForwardRef(want, tokens, wte, wpe, B, T, C);
      expectClose(await ctx.read(out), want, EXACT, 'out');
      const dwte = dwte0.slice(), dwpe = dwpe0.slice();
      embeddingBackwardRef(dwte, dwpe, dout, tokens, B, T, C, V);
      expectClose(await ctx.read(tDwte), dwte, EXACT, 'dwte');
      expectClose(await ctx.read(tDwpe), dwpe, EXACT, 'dwpe');
    });
  }

  it('rejects T beyond the positions of wpe', async () => {
    const ctx = await testCtx();
    const out = ctx.tensor('out', [1, 4, 2]), tokens = ctx.tensor('tokens', [1, 4], 'u32');
    expect(() => embeddingForward(ctx, out, tokens, ctx.tensor('wte', [3, 2]), ctx.tensor('wpe', [3, 2]), 1, 4, 2)).toThrow(/exceeds the 3 positions/);
  });
});
