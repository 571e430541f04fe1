// softmax.ts against softmax.ref.ts on the Node WebGPU adapter, and softmax.ref.ts's backward against central
// differences of its forward in float64. Sizes: V=1, V=37 and V=1000 (not multiples of the workgroup, and
// larger than it), N=1; logits of normal scale and of ±1e3 (exp overflows without the max subtraction).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { softmaxBackward, softmaxForward } from './softmax';
import { softmaxBackwardRef, softmaxForwardRef } from './softmax.ref';

// Forward: exp and a V-term f32 sum, each a few ulp; probabilities are <= 1, so 1e-6 absolute covers the
// largest ones and rtol the f32 rounding of small ones. Measured on SwiftShader (V up to 20000, logits ±1e3):
// at most 0.04 of these, forward and backward.
const FORWARD = { atol: 1e-6, rtol: 1e-5 };
// Backward: one V-term f32 dot product and a subtraction per element; same scale as forward.
const BACKWARD = { atol: 1e-6, rtol: 1e-5 };
// Finite differences in float64 with h = 1e-6: truncation ~h² and rounding ~1e-16/h, both far below 1e-7.
const FD = { atol: 1e-7, rtol: 1e-7 };

describe.sequential('softmax', () => {
  const cases = [
    { N: 1, V: 1, scale: 1 },
    { N: 5, V: 37, scale: 1 },
    { N: 3, V: 1000, scale: 3 },
    { N: 4, V: 300, scale: 1e3 },
    { N: 2, V: 1, scale: 1e3 },
  ];
  for (const { N, V, scale } of cases) {
    it(`forward and backward match the reference, N=${N} V=${V} logits ~${scale}`, async () => {
      const ctx = await testCtx();
      const rng = new Rng(N * V);
      const x = rng.uniforms(N * V, -scale, scale);
      const dout = rng.normals(N * V);
      const wantOut = new Float32Array(N * V), wantDinp = new Float32Array(N * V);
      softmaxForwardRef(wantOut, x, N, V);
      softmaxBackwardRef(wantDinp, dout, wantOut, N, V);

      const out = ctx.tensor('out', [N, V]);
      // Pre-filled: backward overwrites dinp. It reads the reference's out, so it is checked on its own.
      const dinp = ctx.tensorFrom('dinp', [N, V], rng.normals(N * V));
      const tx = ctx.tensorFrom('inp', [N, V], x), tDout = ctx.tensorFrom('dout', [N, V], dout);
      const refOut = ctx.tensorFrom('refOut', [N, V], wantOut);
      await noGpuErrors(ctx, () => ctx.run([...softmaxForward(ctx, out, tx, N, V), ...softmaxBackward(ctx, dinp, tDout, refOut, N, V)]));

      const got = await ctx.read(out);
      expectClose(got, wantOut, FORWARD, 'out');
      expect(got.every(Number.isFinite)).toBe(true);
      expectClose(await ctx.read(dinp), wantDinp, BACKWARD, 'dinp');
    });
  }

  it('rejects mismatched lengths with the kernel and tensor named', async () => {
    const ctx = await testCtx();
    expect(() => softmaxForward(ctx, ctx.tensor('out', [6]), ctx.tensor('inp', [5]), 2, 3)).toThrow(/softmaxForward: inp/);
  });

  it('reference backward matches central differences of the reference forward (float64)', () => {
    const N = 3, V = 6, h = 1e-6;
    const rng = new Rng(5);
    const x = Float64Array.from(rng.normals(N * V, 2));
    const G = Float64Array.from(rng.normals(N * V)); // (N, V) the loss is Σ G ∘ out, so dout = G
    const loss = () => {
      const out = new Float64Array(N * V);
      softmaxForwardRef(out, x, N, V);
      return out.reduce((s, o, i) => s + o * G[i], 0);
    };
    const out = new Float64Array(N * V), dinp = new Float64Array(N * V);
    softmaxForwardRef(out, x, N, V);
    softmaxBackwardRef(dinp, G, out, N, V);
    const fd = x.map((xi, i) => {
      x[i] = xi + h;
      const up = loss();
      x[i] = xi - h;
      const down = loss();
      x[i] = xi;
      return (up - down) / (2 * h);
    });
    expectClose(dinp, fd, FD, 'dinp');
  });
});
