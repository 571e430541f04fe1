// reduce_sum.wgsl / reduce_stats.wgsl against reduce.ref.ts on the Node WebGPU adapter (SwiftShader in CI),
// writing into one slot of a metrics tensor whose other elements must stay untouched.
// Tolerances: the GPU sums in f32 (each thread in order, then a tree), the reference in f64. The error of an
// f32 sum of this shape is at most ~(terms per thread + tree depth) * 2^-24 * sum|x| (~20 roundings here), so
// float sums use atol = 2e-6 * sum|a*w|: a relative tolerance when the terms share a sign (the mean loss) that
// does not fail on cancellation. Integer-valued sums are exact (see below). Mean and std get the same bound in
// units of max|x| (Welford/Chan in f32 lose about as much as a sum); min and max select an input: exact.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import type { GpuContext } from '../runtime/context';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { stats, weightedSum } from './reduce';
import { statsRef, weightedSumRef } from './reduce.ref';

const SLOTS = 12;
const SENTINEL = -7;

function metricsTensor(ctx: GpuContext) {
  return ctx.tensorFrom('metrics', [SLOTS], new Float32Array(SLOTS).fill(SENTINEL));
}

/** Expects `got` to hold `want` at `index` and SENTINEL elsewhere. */
function expectSlot(got: Float32Array, index: number, want: number[], atol: number[], what: string): void {
  const expected = new Float32Array(SLOTS).fill(SENTINEL);
  expected.set(want, index);
  for (let i = 0; i < SLOTS; i++) {
    const tol = i >= index && i < index + want.length ? atol[i - index] : 0;
    expectClose([got[i]], [expected[i]], { atol: tol, rtol: 0 }, `${what}[${i}]`);
  }
}

/** n integers drawn uniformly from [lo, hi], as f32. */
function integers(rng: Rng, n: number, lo: number, hi: number): Float32Array {
  return Float32Array.from({ length: n }, () => lo + rng.int(hi - lo + 1));
}

describe.sequential('reduce', () => {
  // Integer inputs whose partial sums stay far below 2^24 make every f32 sum exact, so these run with tolerance
  // 0 and any element dropped or counted twice shows. N = 1_300_001 exceeds 4 x (1024 workgroups x 256), so
  // stage 1 runs both its four-load steps and its tail loop.
  for (const N of [1, 255, 257, 1_300_001]) {
    for (const weighted of [false, true]) {
      it(`weightedSum N=${N} ${weighted ? 'a*w' : 'plain'}, exact on integers`, async () => {
        const ctx = await testCtx();
        const rng = new Rng(N * 2 + (weighted ? 1 : 0));
        const a = integers(rng, N, -8, 8), w = weighted ? integers(rng, N, -3, 3) : null;
        const out = metricsTensor(ctx);
        const tw = w ? ctx.tensorFrom('w', [N], w) : null;
        await noGpuErrors(ctx, () => ctx.run(weightedSum(ctx, out, 3, ctx.tensorFrom('a', [N], a), tw, N)));
        expectSlot(await ctx.read(out), 3, [weightedSumRef(a, w, N)], [0], 'weightedSum');
      });
    }
  }

  it('weightedSum of normals with weights, N=300001 (f32 rounding bound)', async () => {
    const ctx = await testCtx();
    const N = 300_001;
    const rng = new Rng(5);
    const a = rng.normals(N), w = rng.uniforms(N, -1, 2);
    const out = metricsTensor(ctx);
    await noGpuErrors(ctx, () => ctx.run(weightedSum(ctx, out, 3, ctx.tensorFrom('a', [N], a), ctx.tensorFrom('w', [N], w), N)));
    const abs = weightedSumRef(a.map(Math.abs), w.map(Math.abs), N);
    expectSlot(await ctx.read(out), 3, [weightedSumRef(a, w, N)], [2e-6 * abs], 'weightedSum');
  });

  it('weightedSum gives the mean loss with w = 1/N (positive terms: relative tolerance)', async () => {
    const ctx = await testCtx();
    const N = 4099;
    const rng = new Rng(11);
    const losses = rng.uniforms(N, 0.5, 11), w = new Float32Array(N).fill(1 / N);
    const out = metricsTensor(ctx);
    await noGpuErrors(ctx, () => ctx.run(weightedSum(ctx, out, 0, ctx.tensorFrom('losses', [N], losses), ctx.tensorFrom('w', [N], w), N)));
    const mean = weightedSumRef(losses, w, N);
    expectSlot(await ctx.read(out), 0, [mean], [2e-6 * mean], 'mean loss');
  });

  const STATS_CASES = [
    { N: 1, offset: 0, scale: 1, what: 'one value' },
    { N: 257, offset: 0.5, scale: 2, what: 'odd size' },
    { N: 300_001, offset: -0.3, scale: 3, what: 'large' },
    { N: 70_001, offset: 1000, scale: 1, what: 'mean far from 0 (naive variance would cancel)' },
    { N: 1000, offset: 4.25, scale: 0, what: 'constant' },
  ];
  for (const { N, offset, scale, what } of STATS_CASES) {
    it(`stats N=${N}, ${what}`, async () => {
      const ctx = await testCtx();
      const rng = new Rng(N + offset);
      const a = rng.normals(N, scale).map((x) => x + offset);
      if (N > 1 && scale > 0) a[N - 1] = offset + 10 * scale; // the max sits in the last element: a dropped tail shows
      const out = metricsTensor(ctx);
      await noGpuErrors(ctx, () => ctx.run(stats(ctx, out, 7, ctx.tensorFrom('a', [N], a), N)));
      const maxAbs = a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      const tol = 2e-6 * maxAbs;
      expectSlot(await ctx.read(out), 7, statsRef(a, N), [tol, tol, 0, 0], 'stats');
    });
  }

  it('rejects an output slot past the end of out', async () => {
    const ctx = await testCtx();
    const a = ctx.tensor('a', [4]);
    expect(() => stats(ctx, metricsTensor(ctx), SLOTS - 3, a, 4)).toThrow(/outside out/);
    expect(() => weightedSum(ctx, metricsTensor(ctx), SLOTS, a, null, 4)).toThrow(/outside out/);
  });
});
