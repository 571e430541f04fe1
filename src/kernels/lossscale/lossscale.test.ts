// scaleByLossScale (lossscale.wgsl) on the Node WebGPU adapter (SwiftShader in CI): multiplies in place by the
// S in the scaler's state, over more elements than the grid-stride loop's workgroups cover at once, exactly
// (S a power of two) and to infinity when the product overflows f32; other elements of the buffer untouched.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { noGpuErrors, testCtx } from '../../test/gpu';
import { scaleByLossScale } from './lossscale';

describe.sequential('scaleByLossScale', () => {
  it('multiplies every element by state[0], exactly for a power of two, to infinity on overflow', async () => {
    const ctx = await testCtx();
    const n = 4096 * 256 + 3; // past MAX_GROUPS x WG: the grid-stride loop wraps
    const x = new Rng(1).normals(n);
    x[5] = 3e34; // x 2^16 > 3.4e38, the largest f32
    const t = ctx.tensorFrom('dlogits', [n], x);
    const state = ctx.tensorFrom('state', [3], Float32Array.of(2 ** 16, 7, 2));
    await noGpuErrors(ctx, () => ctx.run(scaleByLossScale(ctx, t, state, n)));
    const got = await ctx.read(t);
    const want = x.map((v) => v * 2 ** 16);
    want[5] = Infinity;
    expect(Array.from(got)).toEqual(Array.from(want));
    expect(Array.from(await ctx.read(state))).toEqual([2 ** 16, 7, 2]);
  });

  it('rejects a state that is not the scaler\'s (3 values) and an empty tensor', async () => {
    const ctx = await testCtx();
    expect(() => scaleByLossScale(ctx, ctx.tensor('x', [4]), ctx.tensor('s', [1]), 4)).toThrow(/state .* expected 3/);
    expect(() => scaleByLossScale(ctx, ctx.tensor('x', [4]), ctx.tensor('s', [3]), 0)).toThrow(/positive integer/);
  });
});
