// gelu.ts against gelu.ref.ts on the Node WebGPU adapter, and gelu.ref.ts's backward against central
// differences of its forward in float64. Sizes around the workgroup (1, 255, 257) and a larger one; inputs
// include large magnitudes (±10 .. ±1e4) where a naive tanh overflows.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { geluBackward, geluForward } from './gelu';
import { geluBackwardRef, geluForwardRef } from './gelu.ref';

// The GPU evaluates sigmoid(2u) from an f32 exp (WGSL allows 3 + 2|x| ulp) and a division; the float64
// reference uses tanh. Values are O(|x|), so a few ulp is ~1e-7 * |x|: rtol covers it, atol values near 0.
// Measured: at most 5e-7 absolute on SwiftShader for x ~ N(0, 9) (20k values).
const FORWARD = { atol: 1e-6, rtol: 1e-5 };
const BACKWARD = { atol: 1e-6, rtol: 1e-5 };
// Finite differences in float64 with h = 1e-6: truncation ~h² and rounding ~1e-16/h, both far below 1e-7.
const FD = { atol: 1e-7, rtol: 1e-7 };

const LARGE = [0, 10, -10, 30, -30, 1e3, -1e3, 1e4, -1e4];

function inputs(N: number, seed: number): Float32Array {
  const x = new Rng(seed).normals(N, 3);
  x.set(LARGE.slice(0, N));
  return x;
}

describe.sequential('gelu', () => {
  for (const N of [1, 255, 257, 5000]) {
    it(`forward and backward match the reference, N=${N}`, async () => {
      const ctx = await testCtx();
      const x = inputs(N, N);
      const dout = new Rng(N + 1).normals(N);
      const out = ctx.tensor('out', [N]);
      // Pre-filled: backward overwrites dinp.
      const dinp = ctx.tensorFrom('dinp', [N], new Rng(N + 2).normals(N));
      const tx = ctx.tensorFrom('inp', [N], x), tDout = ctx.tensorFrom('dout', [N], dout);
      await noGpuErrors(ctx, () => ctx.run([...geluForward(ctx, out, tx, N), ...geluBackward(ctx, dinp, tx, tDout, N)]));

      const wantOut = new Float32Array(N), wantDinp = new Float32Array(N);
      geluForwardRef(wantOut, x, N);
      geluBackwardRef(wantDinp, x, dout, N);
      expectClose(await ctx.read(out), wantOut, FORWARD, 'out');
      expectClose(await ctx.read(dinp), wantDinp, BACKWARD, 'dinp');
    });
  }

  it('rejects mismatched lengths with the kernel and tensor named', async () => {
    const ctx = await testCtx();
    expect(() => geluBackward(ctx, ctx.tensor('a', [4]), ctx.tensor('b', [4]), ctx.tensor('c', [3]), 4)).toThrow(/geluBackward: dout/);
  });

  it('reference backward matches central differences of the reference forward (float64)', () => {
    const N = 64, h = 1e-6;
    const x = Float64Array.from(new Rng(3).normals(N, 3));
    const dout = Float64Array.from(new Rng(4).normals(N));
    const dinp = new Float64Array(N);
    geluBackwardRef(dinp, x, dout, N);
    const f = (v: number) => {
      const o = new Float64Array(1);
      geluForwardRef(o, Float64Array.of(v), 1);
      return o[0];
    };
    const fd = x.map((xi, i) => ((f(xi + h) - f(xi - h)) / (2 * h)) * dout[i]);
    expectClose(dinp, fd, FD, 'dinp');
  });
});
