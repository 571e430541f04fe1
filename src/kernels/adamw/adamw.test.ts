// adamw.wgsl against adamw.ref.ts on the Node WebGPU adapter (SwiftShader in CI) over several steps, and
// adamwRef against a step worked out by hand.
// Tolerances: the reference rounds to f32 after every operation in the shader's order, but WGSL allows sqrt and
// division a few ulp of error and the compiler may fuse multiply-adds, so each step can differ by a few ulp
// (~1e-6 relative) in m, v and the update. Over 5 steps that stays below rtol 1e-5 for params (an update of
// ~lr on values ~1), rtol 1e-6 for v (sums of positive terms); m can cancel towards 0, hence its atol.
// With skipFlagged (mixed precision): a flagged step leaves params, m and v bit-identical, an unflagged one is
// the ordinary step with gradScale[0] as the multiplier.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { adamw, ADAMW_HYPER_LENGTH } from './adamw';
import { adamwRef } from './adamw.ref';

const PARAMS_TOL = { atol: 1e-6, rtol: 1e-5 };
const M_TOL = { atol: 1e-7, rtol: 1e-6 };
const V_TOL = { atol: 1e-12, rtol: 1e-6 };

/** [lr, beta1, beta2, eps, weightDecay, bc1, bc2, unused] for 1-based step t. */
function hyperFor(t: number, lr: number, weightDecay: number): Float32Array {
  const beta1 = 0.9, beta2 = 0.95;
  return Float32Array.from([lr, beta1, beta2, 1e-8, weightDecay, 1 - beta1 ** t, 1 - beta2 ** t, 0]);
}

describe.sequential('adamw', () => {
  it('adamwRef matches a first step worked out by hand', () => {
    // lr 0.1, wd 0.1, beta1 = 3/4, beta2 = 15/16 (exact in f32), t = 1 (bc1 = 1/4, bc2 = 1/16), gradScale 0.5,
    // m = v = 0, so g' = 0.5 g = [0.25, -0.5, 0]: decay p *= 0.99; m = g'/4 = [1/16, -1/8, 0];
    // v = g'^2/16 = [1/256, 1/64, 0]; m/bc1 = [1/4, -1/2, 0] and sqrt(v/bc2) = [1/4, 1/2, 0], so the first
    // step moves each p by lr * sign(g) (up to eps), and not at all where g = 0.
    const params = Float32Array.from([1, -2, 0.5]), grads = Float32Array.from([0.5, -1, 0]);
    const m = new Float32Array(3), v = new Float32Array(3);
    adamwRef(params, grads, m, v, Float32Array.from([0.1, 0.75, 0.9375, 1e-8, 0.1, 0.25, 0.0625, 0]), 0.5, 3, true);
    expectClose(params, [0.99 - 0.1, -1.98 + 0.1, 0.495], { atol: 0, rtol: 1e-6 }, 'params');
    expectClose(m, [1 / 16, -1 / 8, 0], { atol: 0, rtol: 0 }, 'm');
    expectClose(v, [1 / 256, 1 / 64, 0], { atol: 0, rtol: 0 }, 'v');
  });

  const CASES = [
    { N: 1, decay: true, gradScale: 1 },
    { N: 257, decay: false, gradScale: 1 },
    { N: 257, decay: true, gradScale: 0.37 },
    { N: 70_001, decay: true, gradScale: 0.37 },
    { N: 70_001, decay: false, gradScale: 0.37 },
    { N: 1_050_001, decay: true, gradScale: 0.37 }, // above 4096 workgroups x 256: the grid-stride loop wraps
  ];
  for (const { N, decay, gradScale } of CASES) {
    it(`5 steps match the reference, N=${N} decay=${decay} gradScale=${gradScale}`, async () => {
      const ctx = await testCtx();
      const rng = new Rng(N + (decay ? 1 : 0));
      const lr = 1e-2, weightDecay = 0.1, steps = 5;
      const params = rng.normals(N), m = new Float32Array(N), v = new Float32Array(N);
      const tParams = ctx.tensorFrom('params', [N], params), tGrads = ctx.tensor('grads', [N]);
      const tM = ctx.tensor('m', [N]), tV = ctx.tensor('v', [N]);
      const tHyper = ctx.tensor('hyper', [ADAMW_HYPER_LENGTH]), tScale = ctx.tensorFrom('gradScale', [1], Float32Array.of(gradScale));
      const step = adamw(ctx, tParams, tGrads, tM, tV, tHyper, tScale, N, decay);
      for (let t = 1; t <= steps; t++) {
        const grads = rng.normals(N, 0.1), hyper = hyperFor(t, lr, weightDecay);
        ctx.write(tGrads, grads);
        ctx.write(tHyper, hyper);
        await noGpuErrors(ctx, () => ctx.run(step));
        adamwRef(params, grads, m, v, hyper, gradScale, N, decay);
      }
      expectClose(await ctx.read(tParams), params, PARAMS_TOL, 'params');
      expectClose(await ctx.read(tM), m, M_TOL, 'm');
      expectClose(await ctx.read(tV), v, V_TOL, 'v');
    });
  }

  it('skipFlagged: a flagged step changes nothing, an unflagged one is the ordinary step', async () => {
    const ctx = await testCtx();
    const N = 1000;
    const rng = new Rng(N);
    const params = rng.normals(N), grads = rng.normals(N, 0.1), m = rng.normals(N, 0.01), v = rng.normals(N, 0.01).map((x) => x * x);
    const tParams = ctx.tensorFrom('params', [N], params), tM = ctx.tensorFrom('m', [N], m), tV = ctx.tensorFrom('v', [N], v);
    const tHyper = ctx.tensorFrom('hyper', [ADAMW_HYPER_LENGTH], hyperFor(3, 1e-2, 0.1));
    const flag = ctx.tensorFrom('gradScale', [2], Float32Array.of(0.37, 1));
    const step = adamw(ctx, tParams, ctx.tensorFrom('grads', [N], grads), tM, tV, tHyper, flag, N, true, true);
    expect(step[0].label).toBe('adamw_skip_flagged');
    await noGpuErrors(ctx, () => ctx.run(step));
    const bits = (x: Float32Array) => Array.from(new Uint32Array(x.buffer));
    expect(bits(await ctx.read(tParams))).toEqual(bits(params));
    expect(bits(await ctx.read(tM))).toEqual(bits(m));
    expect(bits(await ctx.read(tV))).toEqual(bits(v));
    ctx.write(flag, Float32Array.of(0.37, 0));
    await noGpuErrors(ctx, () => ctx.run(step));
    adamwRef(params, grads, m, v, hyperFor(3, 1e-2, 0.1), 0.37, N, true);
    expectClose(await ctx.read(tParams), params, PARAMS_TOL, 'params');
    expectClose(await ctx.read(tM), m, M_TOL, 'm');
    expectClose(await ctx.read(tV), v, V_TOL, 'v');
    expect(() => adamw(ctx, tParams, tParams, tM, tV, tHyper, ctx.tensor('s', [1]), N, true, true)).toThrow(/gradScale .* expected 2/);
  });

  it('rejects a hyper tensor of the wrong length', async () => {
    const ctx = await testCtx();
    const t = () => ctx.tensor('x', [4]);
    expect(() => adamw(ctx, t(), t(), t(), t(), ctx.tensor('hyper', [7]), ctx.tensor('s', [1]), 4, true)).toThrow(/hyper .* expected 8/);
  });
});
