// attention_*.wgsl against attention.ref.ts on the Node WebGPU adapter (SwiftShader in CI), plus a finite
// difference check of the reference backward against the reference forward, so the gradient math is checked
// independently of the kernels. Tolerances (atol + rtol*|ref|; GPU f32 against the reference's f64 sums),
// each about 10x the worst error seen on SwiftShader and on an NVIDIA H200:
//  - out, lse: sums of up to T terms weighted by exp2 (WGSL allows a few ULP plus 2 ULP per unit of |x|);
//    worst seen 6e-7 at |values| ~ 1-5.
//  - dqkv: sums of T products whose factor (dO·v - D) cancels, so the error follows the size of the terms,
//    not of the result; worst seen 2e-6 (7e-6 at T = 1024 on the H200).
//  - large scores (|q·k·scale| up to ~50): a score of 50 carries ~4e-6 of f32 rounding, which becomes that
//    relative error in exp, and q, k of size ~3.5 scale the gradient terms up: worst seen 8e-6 (lse ~65),
//    5e-5 (dqkv ~10), hence 10x looser.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx, type Tolerance } from '../../test/gpu';
import { attentionBackward, attentionForward } from './attention';
import { attentionBackwardRef, attentionForwardRef } from './attention.ref';

const FWD: Tolerance = { atol: 5e-6, rtol: 5e-5 };
const BWD: Tolerance = { atol: 2e-5, rtol: 2e-4 };
const FWD_LARGE: Tolerance = { atol: 5e-5, rtol: 5e-4 };
const BWD_LARGE: Tolerance = { atol: 5e-4, rtol: 5e-3 };

interface Case {
  what: string;
  B: number;
  T: number;
  C: number;
  NH: number;
  /** Standard deviation of q and k (1 gives scores of std 1). */
  qkStd: number;
  fwd: Tolerance;
  bwd: Tolerance;
}

const CASES: Case[] = [
  { what: 'T=1', B: 2, T: 1, C: 24, NH: 3, qkStd: 1, fwd: FWD, bwd: BWD },
  { what: 'T=37, B=2, NH=3, HS=8', B: 2, T: 37, C: 24, NH: 3, qkStd: 1, fwd: FWD, bwd: BWD },
  // 128-row blocks, three key tiles of 32 (forward, dQ), three query tiles of 31 and 2 threads per key (dK/dV).
  { what: 'HS=64, T=70', B: 1, T: 70, C: 128, NH: 2, qkStd: 1, fwd: FWD, bwd: BWD },
  // Key tiles of 16 rows, query tiles of 15: T=20 spans two of each.
  { what: 'HS=128, T=20', B: 1, T: 20, C: 128, NH: 1, qkStd: 1, fwd: FWD, bwd: BWD },
  // q, k ~ N(0, 3.5^2): scores q·k/sqrt(HS) have std ~12, so the largest reach ~ ±50.
  // T=150 spans two 128-row blocks and three 64-row tiles (dK/dV's second block starts mid-sequence).
  { what: 'large scores, HS=16, T=150', B: 1, T: 150, C: 32, NH: 2, qkStd: 3.5, fwd: FWD_LARGE, bwd: BWD_LARGE },
];

/** qkv (B,T,3C) with q, k of std qkStd and v of std 1. */
function makeQkv(rng: Rng, B: number, T: number, C: number, qkStd: number): Float32Array {
  const qkv = rng.normals(B * T * 3 * C);
  for (let i = 0; i < qkv.length; i++) if (i % (3 * C) < 2 * C) qkv[i] *= qkStd;
  return qkv;
}

describe.sequential('attention', () => {
  for (const c of CASES) {
    it(`forward and backward match the reference: ${c.what}`, async () => {
      const { B, T, C, NH } = c;
      const ctx = await testCtx();
      const rng = new Rng(B * 1000 + T);
      const qkv = makeQkv(rng, B, T, C, c.qkStd);
      const dout = rng.normals(B * T * C);
      const wantOut = new Float32Array(B * T * C);
      const wantLse = new Float32Array(B * NH * T);
      attentionForwardRef(wantOut, wantLse, qkv, B, T, C, NH);
      const wantDqkv = new Float32Array(B * T * 3 * C);
      attentionBackwardRef(wantDqkv, dout, qkv, wantOut, wantLse, B, T, C, NH);

      const tqkv = ctx.tensorFrom('qkv', [B, T, 3 * C], qkv);
      const tdout = ctx.tensorFrom('dout', [B, T, C], dout);
      const out = ctx.tensor('out', [B, T, C]);
      const lse = ctx.tensor('lse', [B, NH, T]);
      const dqkv = ctx.tensor('dqkv', [B, T, 3 * C]);
      ctx.write(dqkv, new Float32Array(B * T * 3 * C).fill(Number.NaN)); // every element must be written
      const backward = await noGpuErrors(ctx, () => {
        const fwd = attentionForward(ctx, out, lse, tqkv, B, T, C, NH);
        const bwd = attentionBackward(ctx, dqkv, tdout, tqkv, out, lse, B, T, C, NH);
        ctx.run([...fwd, ...bwd]);
        return bwd;
      });
      expectClose(await ctx.read(out), wantOut, c.fwd, 'out');
      expectClose(await ctx.read(lse), wantLse, c.fwd, 'lse');
      const got = await ctx.read(dqkv);
      expectClose(got, wantDqkv, c.bwd, 'dqkv');

      // Replaying the backward gives bit-identical gradients (no atomics, fixed summation order).
      await noGpuErrors(ctx, () => ctx.run(backward));
      expect(new Uint32Array((await ctx.read(dqkv)).buffer)).toEqual(new Uint32Array(got.buffer));
    });
  }

  it('rejects a head size that is not a multiple of 4', async () => {
    const ctx = await testCtx();
    const t = ctx.tensor('x', [1]);
    expect(() => attentionForward(ctx, t, t, t, 1, 1, 6, 1)).toThrow(/multiple of 4/);
  });

  it('reference backward matches a finite difference of the reference forward', () => {
    const [B, T, C, NH] = [1, 5, 8, 2];
    const rng = new Rng(7);
    const qkv = makeQkv(rng, B, T, C, 1);
    const dout = rng.normals(B * T * C);
    const out = new Float32Array(B * T * C);
    const lse = new Float32Array(B * NH * T);
    /** The loss sum(out ∘ dout), whose gradient with respect to qkv is what the backward computes. */
    const loss = (x: Float32Array): number => {
      attentionForwardRef(out, lse, x, B, T, C, NH);
      return out.reduce((acc, o, i) => acc + o * dout[i], 0);
    };
    loss(qkv);
    const dqkv = new Float32Array(B * T * 3 * C);
    attentionBackwardRef(dqkv, dout, qkv, out, lse, B, T, C, NH);
    // Central differences with h = 1e-2: truncation error ~h^2 and the f32 outputs' rounding noise ~1e-7 / h
    // left a worst error of 2e-5 on gradients of size ~1; 10x margin.
    const h = 1e-2;
    const numeric = new Float32Array(qkv.length);
    for (let i = 0; i < qkv.length; i++) {
      const x = qkv.slice();
      x[i] = qkv[i] + h;
      const up = loss(x);
      x[i] = qkv[i] - h;
      numeric[i] = (up - loss(x)) / (2 * h);
    }
    expectClose(dqkv, numeric, { atol: 2e-4, rtol: 2e-3 }, 'reference dqkv vs finite difference');
  });
});
