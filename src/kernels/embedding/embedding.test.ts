// embedding_forward.wgsl / embedding_backward_*.wgsl against embedding.ref.ts on the Node WebGPU adapter
// (SwiftShader in CI), plus buildTokenBuckets on a hand-checked batch; embedding_forward_at.wgsl (one position
// per row, for KV-cache decoding) against its reference and against the rows of the full forward.
// Tolerance: exact (atol = rtol = 0). The forward is one f32 add per element. The backward sums a frequent
// token's positions in segment pieces, a different order from the reference's, so its inputs (dout and the
// pre-filled gradients) are multiples of 1/256 below 8 in magnitude: every partial sum is then exact in f32 in
// any order, and a dropped or doubled term still shows.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { buildTokenBuckets, embeddingBackward, embeddingForward, embeddingForwardAt } from './embedding';
import { embeddingBackwardRef, embeddingForwardAtRef, embeddingForwardRef } from './embedding.ref';

const EXACT = { atol: 0, rtol: 0 };

interface Case { B: number; T: number; C: number; V: number; maxT: number; tokens: (rng: Rng, n: number, V: number) => Uint32Array; what: string }

const uniformTokens = (rng: Rng, n: number, V: number) => Uint32Array.from({ length: n }, () => rng.int(V));
/** 60% of positions hold token 1, the rest tokens 0, 3, 6, 9 (mod V): one hot row, most rows unused. */
const skewedTokens = (rng: Rng, n: number, V: number) => Uint32Array.from({ length: n }, () => (rng.uniform() < 0.6 ? 1 : (rng.int(4) * 3) % V));
/** n multiples of 1/256 in (-8, 8): sums of up to 2^12 of them are exact in f32 in any order. */
const dyadics = (rng: Rng, n: number) => Float32Array.from({ length: n }, () => (rng.int(4095) - 2047) / 256);

// The dwte pass cuts the sorted positions into segments of 32: B*T below, at and far above that, runs that
// stay inside one segment, and hot runs that cross many.
const CASES: Case[] = [
  { B: 1, T: 1, C: 1, V: 3, maxT: 1, tokens: uniformTokens, what: 'T=1, C=1' },
  { B: 2, T: 5, C: 37, V: 11, maxT: 8, tokens: uniformTokens, what: 'odd C, T < maxT' },
  { B: 2, T: 16, C: 65, V: 7, maxT: 16, tokens: uniformTokens, what: 'one full segment, C over one chunk' },
  { B: 3, T: 47, C: 150, V: 5, maxT: 47, tokens: skewedTokens, what: 'small vocab, hot token across segments' },
  { B: 4, T: 64, C: 3, V: 1, maxT: 64, tokens: uniformTokens, what: 'one token everywhere' },
  { B: 5, T: 33, C: 37, V: 3001, maxT: 40, tokens: skewedTokens, what: 'large vocab, mostly unused rows' },
  { B: 2, T: 9, C: 5, V: 70_001, maxT: 9, tokens: uniformTokens, what: 'vocab above 65535 rows' },
  { B: 4, T: 256, C: 1025, V: 50, maxT: 256, tokens: uniformTokens, what: 'B*T*C above 4096 workgroups x 256 (grid-stride)' },
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
      const wte = rng.normals(V * C), wpe = rng.normals(maxT * C), dout = dyadics(rng, B * T * C);
      // Pre-filled gradients check that the backward accumulates rather than overwrites.
      const dwte0 = dyadics(rng, V * C), dwpe0 = dyadics(rng, maxT * C);
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

  // Rows at the first, a middle and the last position, B*C over one workgroup, and an odd C.
  for (const { B, T, C, V, pos } of [
    { B: 1, T: 1, C: 3, V: 4, pos: [0] },
    { B: 5, T: 9, C: 37, V: 11, pos: [0, 8, 3, 8, 1] },
    { B: 3, T: 16, C: 130, V: 70_001, pos: [15, 0, 7] },
  ]) {
    it(`forward at one position per row equals the reference and the full forward's rows (B=${B} T=${T} C=${C})`, async () => {
      const ctx = await testCtx();
      const rng = new Rng(B * 7 + T * 11 + C);
      const tokens = uniformTokens(rng, B * T, V);
      const wte = rng.normals(V * C), wpe = rng.normals(T * C);
      const tPos = ctx.tensorFrom('pos', [B], Uint32Array.from(pos));
      const tTokens = ctx.tensorFrom('tokens', [B, T], tokens);
      const tWte = ctx.tensorFrom('wte', [V, C], wte), tWpe = ctx.tensorFrom('wpe', [T, C], wpe);
      const at = ctx.tensor('at', [B, C]), full = ctx.tensor('full', [B, T, C]);
      await noGpuErrors(ctx, () => ctx.run([
        ...embeddingForwardAt(ctx, at, tTokens, tPos, tWte, tWpe, B, T, C),
        ...embeddingForward(ctx, full, tTokens, tWte, tWpe, B, T, C),
      ]));
      const want = new Float32Array(B * C);
      embeddingForwardAtRef(want, tokens, Uint32Array.from(pos), wte, wpe, B, T, C);
      const got = await ctx.read(at);
      expectClose(got, want, EXACT, 'out');
      const rows = await ctx.read(full);
      const picked = new Float32Array(B * C);
      for (let b = 0; b < B; b++) picked.set(rows.subarray((b * T + pos[b]) * C, (b * T + pos[b] + 1) * C), b * C);
      expectClose(got, picked, EXACT, 'full forward rows');
    });
  }

  it('rejects T beyond the positions of wpe', async () => {
    const ctx = await testCtx();
    const out = ctx.tensor('out', [1, 4, 2]), tokens = ctx.tensor('tokens', [1, 4], 'u32');
    expect(() => embeddingForward(ctx, out, tokens, ctx.tensor('wte', [3, 2]), ctx.tensor('wpe', [3, 2]), 1, 4, 2)).toThrow(/exceeds the 3 positions/);
    const row = ctx.tensor('row', [1, 2]), pos = ctx.tensor('pos', [1], 'u32');
    expect(() => embeddingForwardAt(ctx, row, tokens, pos, ctx.tensor('wte', [3, 2]), ctx.tensor('wpe', [3, 2]), 1, 4, 2)).toThrow(/exceeds the 3 positions/);
    expect(() => embeddingForwardAt(ctx, row, tokens, ctx.tensor('posf', [1]), ctx.tensor('wte', [3, 2]), ctx.tensor('wpe', [4, 2]), 1, 4, 2)).toThrow(/pos .* must be u32/);
  });
});
