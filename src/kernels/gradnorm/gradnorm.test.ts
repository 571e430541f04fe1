// gradnorm (reduce_sum.wgsl stage 1 + gradnorm.wgsl stage 2) against gradnorm.ref.ts on the Node WebGPU
// adapter (SwiftShader in CI), writing the norm into one slot of a metrics tensor.
// Tolerances: integer-valued gradients in [-4, 4] keep every partial sum of squares an integer below 2^24, so
// the f32 sum is exact, leaving only sqrt and the division (a few ulp in WGSL): rtol 1e-6, which still catches a
// dropped or doubled element. Normal gradients add the f32 rounding of a positive sum (~20 roundings of 2^-24
// each at N = 300001, halved by the sqrt): rtol 2e-6. A scale of exactly 1 (no clipping, or a norm below
// maxNorm) must be exact. The loss-scaled stage (gradNormLossScaled) against gradNormLossScaledRef: gradients
// holding S times integer values (S a power of two keeps them exact), with clipping, growth after the interval,
// and an infinite gradient (skip flag, S halves).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { gradNorm, gradNormLossScaled, LOSS_SCALE_STATE_LENGTH, SCALED_GRAD_SCALE_LENGTH } from './gradnorm';
import { gradNormLossScaledRef, type LossScaleState } from './gradnorm.ref';
import { gradNormRef } from './gradnorm.ref';

const SLOTS = 6;
const NORM_INDEX = 4;
const SENTINEL = -7;

type Grads = 'integers' | 'normals';

function makeGrads(rng: Rng, N: number, kind: Grads): Float32Array {
  return kind === 'integers' ? Float32Array.from({ length: N }, () => rng.int(9) - 4) : rng.normals(N, 0.01);
}

describe.sequential('gradnorm', () => {
  // clip is maxNorm as a multiple of the true norm: 0 = clipping off, 0.25 = clipping active, 10 = norm below maxNorm.
  // Every mode runs at small N; large N (slow on SwiftShader) covers each mode once.
  const CASES: { N: number; kind: Grads; clip: number }[] = [
    { N: 1, kind: 'normals', clip: 0 },
    { N: 1, kind: 'normals', clip: 0.25 },
    { N: 257, kind: 'integers', clip: 0 },
    { N: 257, kind: 'integers', clip: 0.25 },
    { N: 257, kind: 'integers', clip: 10 },
    { N: 1_300_001, kind: 'integers', clip: 0.25 }, // stage 1 runs its four-load steps and its tail
    { N: 300_001, kind: 'normals', clip: 0 },
    { N: 300_001, kind: 'normals', clip: 10 },
  ];
  for (const { N, kind, clip } of CASES) {
    it(`N=${N} ${kind}, maxNorm = ${clip} x norm`, async () => {
      const ctx = await testCtx();
      const rng = new Rng(N + clip * 100 + (kind === 'integers' ? 1 : 0));
      const grads = makeGrads(rng, N, kind);
      const maxNorm = clip * gradNormRef(grads, N, 0).norm;
      const want = gradNormRef(grads, N, maxNorm);
      const norm = ctx.tensorFrom('metrics', [SLOTS], new Float32Array(SLOTS).fill(SENTINEL));
      const scale = ctx.tensor('scale', [1]);
      await noGpuErrors(ctx, () => ctx.run(gradNorm(ctx, norm, scale, ctx.tensorFrom('grads', [N], grads), N, maxNorm, NORM_INDEX)));

      const rtol = kind === 'integers' ? 1e-6 : 2e-6;
      const wantNorm = new Float32Array(SLOTS).fill(SENTINEL);
      wantNorm[NORM_INDEX] = want.norm;
      expectClose(await ctx.read(norm), wantNorm, { atol: 0, rtol }, 'norm');
      const gotScale = (await ctx.read(scale))[0];
      if (clip === 0.25) {
        expect(want.scale).toBeLessThan(0.3);
        expectClose([gotScale], [want.scale], { atol: 0, rtol }, 'scale');
      } else {
        expect(gotScale).toBe(1);
      }
    });
  }

  it('rejects a norm index outside the norm tensor and a negative maxNorm', async () => {
    const ctx = await testCtx();
    const g = ctx.tensor('grads', [8]), s = ctx.tensor('scale', [1]);
    expect(() => gradNorm(ctx, ctx.tensor('norm', [2]), s, g, 8, 1, 2)).toThrow(/outside norm/);
    expect(() => gradNorm(ctx, ctx.tensor('norm', [1]), s, g, 8, -1)).toThrow(/maxNorm/);
  });

  describe.sequential('loss-scaled stage', () => {
    const SCALE_INDEX = 2, SKIPPED_INDEX = 5, GROWTH = 3;
    const CASES: { what: string; S: number; good: number; clip: number; inf: boolean }[] = [
      { what: 'finite, clipping, count goes up', S: 2 ** 16, good: 0, clip: 0.25, inf: false },
      { what: 'finite, no clipping, S doubles at the interval', S: 2 ** 10, good: GROWTH - 1, clip: 0, inf: false },
      { what: 'an infinite gradient: skip, S halves, count restarts', S: 2 ** 16, good: 1, clip: 0.25, inf: true },
    ];
    for (const c of CASES) {
      it(c.what, async () => {
        const ctx = await testCtx();
        const N = 1025;
        const rng = new Rng(N);
        const grads = makeGrads(rng, N, 'integers').map((g) => g * c.S);
        if (c.inf) grads[700] = Infinity;
        const state: LossScaleState = { scale: c.S, good: c.good, skipped: 4 };
        const maxNorm = c.clip * gradNormRef(grads, N, 0).norm / c.S;
        const want = gradNormLossScaledRef(grads, N, maxNorm, state, GROWTH, 2, 0.5);
        const norm = ctx.tensorFrom('metrics', [SLOTS], new Float32Array(SLOTS).fill(SENTINEL));
        const scale = ctx.tensor('scale', [SCALED_GRAD_SCALE_LENGTH]);
        const tState = ctx.tensorFrom('state', [LOSS_SCALE_STATE_LENGTH], Float32Array.of(state.scale, state.good, state.skipped));
        const spec = { state: tState, scaleIndex: SCALE_INDEX, skippedIndex: SKIPPED_INDEX, growthInterval: GROWTH, growthFactor: 2, backoffFactor: 0.5 };
        await noGpuErrors(ctx, () => ctx.run(gradNormLossScaled(ctx, norm, scale, ctx.tensorFrom('grads', [N], grads), N, maxNorm, NORM_INDEX, spec)));
        const got = await ctx.read(norm);
        expect(got[SCALE_INDEX]).toBe(c.S);
        expect(got[SKIPPED_INDEX]).toBe(want.next.skipped);
        const [multiplier, skip] = await ctx.read(scale);
        expect(skip).toBe(c.inf ? 1 : 0);
        const [S, good, skipped] = await ctx.read(tState);
        expect({ scale: S, good, skipped }).toEqual(want.next);
        if (c.inf) {
          expect(Number.isFinite(got[NORM_INDEX])).toBe(false);
          return;
        }
        expectClose([got[NORM_INDEX]], [want.norm], { atol: 0, rtol: 1e-6 }, 'unscaled norm');
        expectClose([multiplier], [want.multiplier], { atol: 0, rtol: 1e-6 }, 'clip scale / S');
        if (c.clip === 0) expect(multiplier).toBe(1 / c.S);
      });
    }

    it('rejects a scale tensor without the skip flag and bad scaler constants', async () => {
      const ctx = await testCtx();
      const g = ctx.tensor('grads', [8]), state = ctx.tensor('state', [3]), norm = ctx.tensor('norm', [8]);
      const spec = { state, scaleIndex: 2, skippedIndex: 3, growthInterval: 10, growthFactor: 2, backoffFactor: 0.5 };
      expect(() => gradNormLossScaled(ctx, norm, ctx.tensor('s', [1]), g, 8, 1, 0, spec)).toThrow(/scale .* expected 2/);
      expect(() => gradNormLossScaled(ctx, norm, ctx.tensor('s', [2]), g, 8, 1, 0, { ...spec, skippedIndex: 8 })).toThrow(/skippedIndex 8 is outside norm/);
      expect(() => gradNormLossScaled(ctx, norm, ctx.tensor('s', [2]), g, 8, 1, 0, { ...spec, backoffFactor: 1 })).toThrow(/backoffFactor/);
    });
  });
});
