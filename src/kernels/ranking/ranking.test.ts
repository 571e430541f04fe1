// ranking.ts against ranking.ref.ts on the Node WebGPU adapter: groups of different K (2..8), unused trailing
// scores, large score gaps (no overflow), more groups than the workgroup; and the reference's gradient against
// central differences of its loss.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { packGroups, rankingLoss } from './ranking';
import { rankingLossRef } from './ranking.ref';

// Sums of at most C(8,2) = 28 f32 terms of size O(1) per group, then a mean over groups: ~1e-6 relative.
const TOL = { atol: 1e-6, rtol: 1e-5 };

describe.sequential('ranking loss', () => {
  const cases = [
    { name: 'K = 4, two groups (the golden case shape)', sizes: [4, 4], N: 8, scale: 1 },
    { name: 'mixed K, unused scores, large gaps', sizes: [2, 8, 3, 5], N: 21, scale: 60 },
    { name: '100 pairs (more groups than invocations)', sizes: Array(100).fill(2), N: 200, scale: 2 },
  ];
  for (const cs of cases) {
    it(`matches the reference: ${cs.name}`, async () => {
      const ctx = await testCtx();
      const maxGroups = cs.sizes.length + 2;
      const scores = new Rng(cs.N).normals(cs.N, cs.scale);
      const out = ctx.tensor('metrics', [8]);
      const dscores = ctx.tensorFrom('dscores', [cs.N], new Float32Array(cs.N).fill(7)); // overwritten
      const offsets = ctx.tensorFrom('offsets', [maxGroups + 1], packGroups(cs.sizes, cs.N, maxGroups));
      const groups = ctx.tensorFrom('groups', [1], Uint32Array.of(cs.sizes.length));
      const tScores = ctx.tensorFrom('scores', [cs.N], scores);
      await noGpuErrors(ctx, () => ctx.run(rankingLoss(ctx, out, 2, dscores, tScores, offsets, groups, cs.N, maxGroups)));
      const want = new Float64Array(cs.N);
      const stats = rankingLossRef(want, scores, cs.sizes);
      const got = await ctx.read(out);
      expectClose(got.subarray(2, 5), [stats.loss, stats.accuracy, stats.margin], TOL, 'loss, accuracy, margin');
      expectClose(await ctx.read(dscores), want, TOL, 'dscores');
      expect(Number.isFinite(got[2])).toBe(true);
    });
  }

  it('packGroups rejects K < 2, too many responses and too many groups', () => {
    expect(() => packGroups([1, 3], 8, 4)).toThrow('group 0 has 1 responses');
    expect(() => packGroups([4, 4], 7, 4)).toThrow('hold 8 responses, more than the 7 scores');
    expect(() => packGroups([2, 2, 2], 8, 2)).toThrow('3 groups, expected 1..2');
  });

  it('reference gradient matches central differences of the reference loss', () => {
    const sizes = [3, 4];
    const scores = Float64Array.from(new Rng(5).normals(7));
    const d = new Float64Array(7);
    rankingLossRef(d, scores, sizes);
    const h = 1e-6;
    for (let i = 0; i < 7; i++) {
      const up = scores.slice(); up[i] += h;
      const down = scores.slice(); down[i] -= h;
      const fd = (rankingLossRef(new Float64Array(7), up, sizes).loss - rankingLossRef(new Float64Array(7), down, sizes).loss) / (2 * h);
      expect(d[i]).toBeCloseTo(fd, 7);
    }
  });
});
