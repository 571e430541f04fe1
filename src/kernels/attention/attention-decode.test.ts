// attention_decode.wgsl (one query per row at its own position, over the KV cache) against
// attention-decode.ref.ts and against the rows of attentionForward at those positions, on the Node WebGPU
// adapter (SwiftShader in CI). Tolerances (atol + rtol*|ref|, as attention.test.ts's forward, whose reasons hold
// here: GPU f32 exp2 sums against the reference's f64): 5e-6 + 5e-5·|ref|, 10x looser for large scores. Against
// attentionForward the kernel visits keys in the same tiles and order, so the two agree far more tightly
// (1e-6 + 1e-6·|ref|; bit for bit on SwiftShader when this was written): KV-cache generation
// relies on it to pick the same tokens as full recompute.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx, type Tolerance } from '../../test/gpu';
import { attentionForward } from './attention';
import { attentionDecode } from './attention-decode';
import { attentionDecodeRef } from './attention-decode.ref';

const REF: Tolerance = { atol: 5e-6, rtol: 5e-5 };
const REF_LARGE: Tolerance = { atol: 5e-5, rtol: 5e-4 };
const SAME_AS_FORWARD: Tolerance = { atol: 1e-6, rtol: 1e-6 };

interface Case { what: string; B: number; T: number; C: number; NH: number; pos: number[]; qkStd: number; tol: Tolerance }

const CASES: Case[] = [
  { what: 'T=1', B: 2, T: 1, C: 24, NH: 3, pos: [0, 0], qkStd: 1, tol: REF },
  // HS=8: key tiles of 64; rows at the first, last and middle positions.
  { what: 'HS=8, T=37', B: 4, T: 37, C: 24, NH: 3, pos: [0, 36, 17, 1], qkStd: 1, tol: REF },
  // HS=64: key tiles of 32; positions just below, at and past a tile edge, and three tiles.
  { what: 'HS=64, T=70, tile edges', B: 4, T: 70, C: 128, NH: 2, pos: [31, 32, 33, 69], qkStd: 1, tol: REF },
  // HS=128: key tiles of 16, HS/4 = 32 output invocations.
  { what: 'HS=128, T=20', B: 2, T: 20, C: 128, NH: 1, pos: [19, 15], qkStd: 1, tol: REF },
  // Scores up to ~±50 (q, k of std 3.5, HS=16): exp2 of large arguments, running max rescaled across tiles.
  { what: 'large scores, HS=16, T=150', B: 2, T: 150, C: 32, NH: 2, pos: [149, 64], qkStd: 3.5, tol: REF_LARGE },
];

describe.sequential('attentionDecode', () => {
  for (const c of CASES) {
    it(`matches the reference and attentionForward's rows: ${c.what}`, async () => {
      const { B, T, C, NH } = c;
      const ctx = await testCtx();
      const rng = new Rng(B * 100 + T * 3 + C);
      const qkv = rng.normals(B * T * 3 * C);
      for (let i = 0; i < qkv.length; i++) if (i % (3 * C) < 2 * C) qkv[i] *= c.qkStd;
      const pos = Uint32Array.from(c.pos);
      const tqkv = ctx.tensorFrom('qkv', [B, T, 3 * C], qkv), tpos = ctx.tensorFrom('pos', [B], pos);
      const out = ctx.tensor('out', [B, C]);
      ctx.write(out, new Float32Array(B * C).fill(Number.NaN)); // every element must be written
      const full = ctx.tensor('full', [B, T, C]), lse = ctx.tensor('lse', [B, NH, T]);
      await noGpuErrors(ctx, () => ctx.run([...attentionDecode(ctx, out, tqkv, tpos, B, T, C, NH), ...attentionForward(ctx, full, lse, tqkv, B, T, C, NH)]));
      const got = await ctx.read(out);
      const want = new Float32Array(B * C);
      attentionDecodeRef(want, qkv, pos, B, T, C, NH);
      expectClose(got, want, c.tol, 'out vs reference');
      const rows = await ctx.read(full);
      const picked = new Float32Array(B * C);
      for (let b = 0; b < B; b++) picked.set(rows.subarray((b * T + pos[b]) * C, (b * T + pos[b] + 1) * C), b * C);
      expectClose(got, picked, SAME_AS_FORWARD, 'out vs attentionForward');
      ctx.destroyBuffers([tqkv, tpos, out, full, lse].map((t) => t.buffer));
    });
  }

  it('rejects a bad head size, mismatched buffers and a float position buffer', async () => {
    const ctx = await testCtx();
    const qkv = ctx.tensor('qkv', [2, 3, 24]), out = ctx.tensor('out', [2, 8]), pos = ctx.tensor('pos', [2], 'u32');
    expect(() => attentionDecode(ctx, out, qkv, pos, 2, 3, 8, 4)).toThrow(/head size C\/NH a multiple of 4/);
    expect(() => attentionDecode(ctx, ctx.tensor('out9', [9]), qkv, pos, 2, 3, 8, 2)).toThrow(/out \(B,C\).*expected 16/);
    expect(() => attentionDecode(ctx, out, qkv, ctx.tensor('posf', [2]), 2, 3, 8, 2)).toThrow(/pos .* must be u32/);
  });
});
