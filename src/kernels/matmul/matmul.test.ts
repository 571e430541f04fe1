// matmul and biasBackward (matmul.ts) against matmul.ref.ts on the Node WebGPU adapter (SwiftShader in CI):
// every transA/transB combination with and without bias and accumulate, sizes that are not multiples of the
// tile, size 1, several K-tiles, several output tiles, and the split-K path (long K, few tiles); every tile
// config of TILE_CONFIGS (forced with the `tile` option) on all of these, and chooseTile's rule.
//
// Tolerance (|got - want| <= atol + rtol*|want|): the reference sums in float64, the GPU sums K products of
// N(0,1) values in f32, in another order (and, split-K, in slices). Each f32 add rounds by up to 2^-24 of a
// partial sum of size ~sqrt(K), and these errors add up like a random walk over K steps, so the error grows
// roughly like K*2^-24 (the worst observed here: 4e-5 at K=300, 5e-5 at K=1100, under a quarter of atol).
// atol = 1e-5*sqrt(K) keeps that margin for the K tested; rtol = 1e-5 covers the rounding of the bias add and
// of the accumulate add into an out of size ~1.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx, type Tolerance } from '../../test/gpu';
import { biasBackward, chooseTile, matmul, TILE_CONFIGS } from './matmul';
import { biasBackwardRef, matmulRef } from './matmul.ref';

const tol = (K: number): Tolerance => ({ atol: 1e-5 * Math.sqrt(K), rtol: 1e-5 });

interface Case {
  M: number;
  N: number;
  K: number;
  transA?: boolean;
  transB?: boolean;
  bias?: boolean;
  accumulate?: boolean;
  /** Forces a tile config; chooseTile's otherwise. */
  tile?: number;
}

const describeCase = (c: Case): string =>
  `${c.transA ? 't' : 'n'}${c.transB ? 't' : 'n'} ${c.M}x${c.N}x${c.K}${c.bias ? ' +bias' : ''}${c.accumulate ? ' accumulate' : ''}${c.tile ? ` tile ${c.tile}` : ''}`;

/** Runs one matmul on random data, checks it against the reference and returns what the GPU wrote. */
async function checkMatmul(c: Case, seed: number): Promise<{ got: Float32Array; dispatches: number }> {
  const ctx = await testCtx();
  const { M, N, K, transA = false, transB = false, accumulate = false, tile } = c;
  const rng = new Rng(seed);
  const a = rng.normals(M * K), b = rng.normals(K * N);
  const bias = c.bias ? rng.normals(N) : null;
  const init = accumulate ? rng.normals(M * N) : new Float32Array(M * N);
  const out = ctx.tensorFrom('out', [M, N], init);
  const ta = ctx.tensorFrom('a', transA ? [K, M] : [M, K], a);
  const tb = ctx.tensorFrom('b', transB ? [N, K] : [K, N], b);
  const tbias = bias ? ctx.tensorFrom('bias', [N], bias) : undefined;
  const dispatches = await noGpuErrors(ctx, () => {
    const d = matmul(ctx, out, ta, tb, M, N, K, { transA, transB, bias: tbias, accumulate, tile });
    ctx.run(d);
    return d;
  });
  const want = init.slice();
  matmulRef(want, a, b, bias, M, N, K, transA, transB, accumulate);
  const got = await ctx.read(out);
  expectClose(got, want, tol(K), describeCase(c));
  return { got, dispatches: dispatches.length };
}

const TRANSPOSES = [
  { transA: false, transB: false },
  { transA: false, transB: true },
  { transA: true, transB: false },
  { transA: true, transB: true },
];

describe.sequential('matmul', () => {
  for (const t of TRANSPOSES) {
    it(`${describeCase({ ...t, M: 67, N: 33, K: 19 })}: plain, +bias, accumulate, +bias accumulate`, async () => {
      let seed = 1;
      for (const bias of [false, true]) {
        for (const accumulate of [false, true]) await checkMatmul({ ...t, M: 67, N: 33, K: 19, bias, accumulate }, seed++);
      }
    });
  }

  it('M = N = K = 1, every transpose, with bias and accumulate', async () => {
    for (const t of TRANSPOSES) await checkMatmul({ ...t, M: 1, N: 1, K: 1, bias: true, accumulate: true }, 7);
  });

  it('K = 300: many K-tiles, a partial last one, several column tiles', async () => {
    await checkMatmul({ M: 45, N: 130, K: 300, transB: true, bias: true }, 8);
    await checkMatmul({ M: 130, N: 45, K: 300, transA: true, accumulate: true }, 9);
  });

  it('256x200x128: several output tiles, full and partial', async () => {
    await checkMatmul({ M: 256, N: 200, K: 128, bias: true }, 10);
    await checkMatmul({ M: 200, N: 256, K: 128, transA: true, transB: true, accumulate: true }, 11);
  });

  it('long K with few tiles takes the split-K path and stays deterministic', async () => {
    const dW = { M: 40, N: 70, K: 1100, transA: true, bias: true, accumulate: true };
    const first = await checkMatmul(dW, 12);
    expect(first.dispatches, 'split-K: partial products, then the reduction').toBe(2);
    const again = await checkMatmul(dW, 12);
    expect(Array.from(again.got)).toEqual(Array.from(first.got));
    expect((await checkMatmul({ M: 150, N: 140, K: 600, transB: true }, 13)).dispatches).toBe(2);
  });

  for (const { tile } of TILE_CONFIGS) {
    it(`${tile}x${tile} tile: every transpose over 2x2 partial tiles and several K-tiles, then split-K`, async () => {
      let seed = 20 + tile;
      for (const t of TRANSPOSES) {
        await checkMatmul({ ...t, M: tile + 5, N: tile + 3, K: 27, bias: true, accumulate: t.transA, tile }, seed++);
      }
      const splitK = await checkMatmul({ M: 40, N: 70, K: 1100, transB: true, bias: true, accumulate: true, tile }, seed);
      expect(splitK.dispatches, 'split-K: partial products, then the reduction').toBe(2);
    });
  }

  it('TILE_CONFIGS meet matmul.wgsl\'s constraints and fit 16 KiB of shared memory, largest first', () => {
    TILE_CONFIGS.forEach((c, i) => {
      const threads = (c.tile / c.perThread) ** 2;
      expect([4, 8], `tile ${c.tile}`).toContain(c.perThread);
      expect(c.tile * c.tileK, `tile ${c.tile}: 4 loads per thread`).toBe(4 * threads);
      expect(c.tileK, `tile ${c.tile}: swizzle`).toBeLessThanOrEqual(c.tile / 4);
      expect(2 * 2 * c.tileK * c.tile * 4, `tile ${c.tile}: shared bytes`).toBeLessThanOrEqual(16384);
      if (i > 0) expect(c.tile).toBeLessThan(TILE_CONFIGS[i - 1].tile);
    });
  });

  it('chooseTile: 128 only with enough workgroups (split-K counted), 32 for narrow outputs, else 64; matmul uses it', async () => {
    const tile = (M: number, N: number): number => chooseTile(M, N).tile;
    expect(tile(8192, 768), 'GPT-2 small, B*T = 8192: 384 tiles of 128').toBe(128);
    expect(tile(32768, 130), '128 tiles would pad 130 columns to 256').toBe(64);
    expect(tile(768, 512), 'the small preset: 24 tiles of 128').toBe(64);
    expect(tile(256, 96), 'a third more padding with 64 than with 32 is acceptable').toBe(64);
    expect(tile(768, 50), 'both 64 and 32 pad 50 to 64').toBe(64);
    expect(tile(256, 32)).toBe(32);
    expect(tile(32, 96), '64 would pad 32 rows to 64').toBe(32);
    expect(tile(1, 1)).toBe(32);
    expect(chooseTile(384, 1536, 16384).tile, 'a weight gradient, K = B*T: 36 tiles of 128 x 8 K-slices').toBe(128);
    expect(chooseTile(384, 1536, 768).tile, 'K too short to split enough').toBe(64);
    const ctx = await testCtx();
    const d = matmul(ctx, ctx.tensor('h', [256, 96]), ctx.tensor('x', [256, 32]), ctx.tensor('w', [32, 96]), 256, 96, 32);
    expect(d[0].label).toMatch(/^matmul_nn_64x64_/);
  });

  it('rejects tensors of the wrong length, naming the kernel and tensor', async () => {
    const ctx = await testCtx();
    const out = ctx.tensor('h', [4, 5]), a = ctx.tensor('x', [4, 3]), b = ctx.tensor('w', [3, 5]);
    expect(() => matmul(ctx, out, a, b, 4, 5, 3)).not.toThrow();
    expect(() => matmul(ctx, out, a, b, 4, 5, 2)).toThrow(/matmul: a \(M,K\) \(x\) has 12 elements, expected 8/);
    expect(() => matmul(ctx, out, a, b, 4, 5, 3, { bias: ctx.tensor('bw', [4]) })).toThrow(/matmul: bias \(bw\) has 4 elements, expected 5/);
    expect(() => biasBackward(ctx, ctx.tensor('db', [4]), out, 4, 5)).toThrow(/biasBackward: dbias \(db\) has 4 elements, expected 5/);
    expect(() => matmul(ctx, out, a, b, 4, 5, 3, { tile: 48 })).toThrow(/matmul: tile 48 is not one of 128, 64, 32/);
  });
});

describe.sequential('biasBackward', () => {
  // Sums of M values of N(0,1): the same random-walk argument as matmul's, with M terms.
  for (const [M, N] of [[1, 1], [67, 33], [600, 70]]) {
    it(`sums ${M} rows of ${N} columns, then accumulates, deterministically`, async () => {
      const ctx = await testCtx();
      const rng = new Rng(M * N);
      const dout = rng.normals(M * N), init = rng.normals(N);
      const tdout = ctx.tensorFrom('dout', [M, N], dout);
      const dbias = ctx.tensor('dbias', [N]), dbiasAcc = ctx.tensorFrom('dbias_acc', [N], init);
      await noGpuErrors(ctx, () => ctx.run([...biasBackward(ctx, dbias, tdout, M, N), ...biasBackward(ctx, dbiasAcc, tdout, M, N, true)]));
      const want = new Float32Array(N), wantAcc = init.slice();
      biasBackwardRef(want, dout, M, N, false);
      biasBackwardRef(wantAcc, dout, M, N, true);
      const got = await ctx.read(dbias);
      expectClose(got, want, tol(M), `biasBackward ${M}x${N}`);
      expectClose(await ctx.read(dbiasAcc), wantAcc, tol(M), `biasBackward ${M}x${N} accumulate`);
      await noGpuErrors(ctx, () => ctx.run(biasBackward(ctx, dbias, tdout, M, N)));
      expect(Array.from(await ctx.read(dbias))).toEqual(Array.from(got));
    });
  }
});
