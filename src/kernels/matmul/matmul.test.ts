// matmul and biasBackward (matmul.ts) against matmul.ref.ts on the Node WebGPU adapter (SwiftShader in CI):
// every transA/transB combination with and without bias and accumulate, sizes that are not multiples of the
// tile, size 1, several K-tiles, several output tiles, and the split-K path (long K, few tiles); every tile
// config of TILE_CONFIGS (forced with the `config` option; the vec4 ones with the dimensions they load as vec4
// rounded up to multiples of 4, the others odd) on all of these, and chooseTile's rule.
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
import { biasBackward, checkConfig, chooseTile, configName, GUARANTEED_SHARED_BYTES, matmul, MATMUL_CANDIDATES, TILE_CONFIGS, type TileConfig } from './matmul';
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
  config?: TileConfig;
}

const describeCase = (c: Case): string =>
  `${c.transA ? 't' : 'n'}${c.transB ? 't' : 'n'} ${c.M}x${c.N}x${c.K}${c.bias ? ' +bias' : ''}${c.accumulate ? ' accumulate' : ''}${c.config ? ` ${configName(c.config)}` : ''}`;

/** Runs one matmul on random data, checks it against the reference and returns what the GPU wrote. */
async function checkMatmul(c: Case, seed: number): Promise<{ got: Float32Array; dispatches: number }> {
  const ctx = await testCtx();
  const { M, N, K, transA = false, transB = false, accumulate = false, config } = c;
  const rng = new Rng(seed);
  const a = rng.normals(M * K), b = rng.normals(K * N);
  const bias = c.bias ? rng.normals(N) : null;
  const init = accumulate ? rng.normals(M * N) : new Float32Array(M * N);
  const out = ctx.tensorFrom('out', [M, N], init);
  const ta = ctx.tensorFrom('a', transA ? [K, M] : [M, K], a);
  const tb = ctx.tensorFrom('b', transB ? [N, K] : [K, N], b);
  const tbias = bias ? ctx.tensorFrom('bias', [N], bias) : undefined;
  const dispatches = await noGpuErrors(ctx, () => {
    const d = matmul(ctx, out, ta, tb, M, N, K, { transA, transB, bias: tbias, accumulate, config });
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

  [...TILE_CONFIGS, ...MATMUL_CANDIDATES].forEach((config, i) => {
    const { tile, vec4 } = config;
    // A vec4 loader needs A's contiguous dimension (K, or M when transA) and B's (N, or K when transB) to be
    // multiples of 4; the others stay odd.
    const align = (d: number, contiguous: boolean): number => (vec4 && contiguous ? Math.ceil(d / 4) * 4 : d);
    it(`${configName(config)}: every transpose over 2x2 partial tiles and several K-tiles, then split-K`, async () => {
      let seed = 20 + 10 * i;
      for (const t of TRANSPOSES) {
        const M = align(tile + 5, t.transA), N = align(tile + 3, !t.transB), K = align(27, !t.transA || t.transB);
        await checkMatmul({ ...t, M, N, K, bias: true, accumulate: t.transA, config }, seed++);
      }
      for (const t of [TRANSPOSES[1], TRANSPOSES[2]]) {
        const M = align(39, t.transA), N = align(70, !t.transB);
        const splitK = await checkMatmul({ ...t, M, N, K: 1100, bias: true, accumulate: true, config }, seed++);
        expect(splitK.dispatches, 'split-K: partial products, then the reduction').toBe(2);
      }
    });
  });

  it('TILE_CONFIGS pass checkConfig on SwiftShader\'s 32 KiB (so CI runs each), largest first, the last fitting any adapter', () => {
    TILE_CONFIGS.forEach((c, i) => {
      expect(() => checkConfig(c, 32768)).not.toThrow();
      if (i > 0) expect(c.tile).toBeLessThanOrEqual(TILE_CONFIGS[i - 1].tile);
      expect(TILE_CONFIGS.findIndex((o) => configName(o) === configName(c)), `${configName(c)}: unique`).toBe(i);
    });
    const last = TILE_CONFIGS[TILE_CONFIGS.length - 1];
    expect(last.vec4).toBe(false);
    expect(() => checkConfig(last, GUARANTEED_SHARED_BYTES)).not.toThrow();
  });

  it('checkConfig rejects configs matmul.wgsl and its loaders cannot run', () => {
    const c128 = MATMUL_CANDIDATES[0];
    expect(() => checkConfig({ ...c128, perThread: 6 }, 49152)).toThrow(/perThread must be 4 or 8/);
    expect(() => checkConfig({ ...c128, tileK: 6 }, 49152)).toThrow(/config 128x128_t8_k6_v4: tileK must be a multiple of 4/);
    expect(() => checkConfig({ ...c128, tileK: 12 }, 49152)).toThrow(/tile \* tileK must be 4 or 8 x threads \(256\)/);
    expect(() => checkConfig({ ...c128, vec4: false }, 49152)).toThrow(/tile \* tileK must be 4 x threads/);
    expect(() => checkConfig(c128, 16384)).toThrow(/needs 32768 bytes of workgroup storage, this adapter allows 16384/);
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

    const h200 = { sharedBytes: 49152, vec4: true };
    const name = (M: number, N: number, K: number, limits = h200): string => configName(chooseTile(M, N, K, limits));
    expect(name(8192, 768, 1), 'candidates are not offered, even where 32 KiB and vec4 loads are allowed').toBe('128x128_t8_k8');
    expect(name(384, 1536, 16384), 'a weight gradient').toBe('128x128_t8_k8');
    expect(configName(chooseTile(8192, 768)), 'the default limits: 16 KiB, no vec4').toBe('128x128_t8_k8');
    expect(name(768, 512, 1), 'the 128 rule does not apply').toBe('64x64_t8_k4');
    expect(name(32, 96, 1)).toBe('32x32_t4_k8');

    // On this adapter: the default choice, and plain loads when one operand's contiguous dimension is odd.
    const ctx = await testCtx();
    const label = (M: number, N: number, K: number): string =>
      matmul(ctx, ctx.tensor('h', [M, N]), ctx.tensor('x', [M, K]), ctx.tensor('w', [K, N]), M, N, K)[0].label;
    expect(label(256, 96, 32)).toBe('matmul_nn_64x64_t8_k4');
    const limits = { sharedBytes: ctx.limits.maxComputeWorkgroupStorageSize, vec4: true };
    expect(label(2048, 2048, 4)).toBe(`matmul_nn_${name(2048, 2048, 4, limits)}`);
    expect(label(2048, 2047, 4)).toBe(`matmul_nn_${name(2048, 2047, 4, { ...limits, vec4: false })}`);
  });

  it('rejects tensors of the wrong length, naming the kernel and tensor', async () => {
    const ctx = await testCtx();
    const out = ctx.tensor('h', [4, 5]), a = ctx.tensor('x', [4, 3]), b = ctx.tensor('w', [3, 5]);
    expect(() => matmul(ctx, out, a, b, 4, 5, 3)).not.toThrow();
    expect(() => matmul(ctx, out, a, b, 4, 5, 2)).toThrow(/matmul: a \(M,K\) \(x\) has 12 elements, expected 8/);
    expect(() => matmul(ctx, out, a, b, 4, 5, 3, { bias: ctx.tensor('bw', [4]) })).toThrow(/matmul: bias \(bw\) has 4 elements, expected 5/);
    expect(() => biasBackward(ctx, ctx.tensor('db', [4]), out, 4, 5)).toThrow(/biasBackward: dbias \(db\) has 4 elements, expected 5/);
    expect(() => matmul(ctx, out, a, b, 4, 5, 3, { config: { ...MATMUL_CANDIDATES[0], perThread: 6 } })).toThrow(/matmul: config 128x128_t6_k16_v4: perThread/);
    const v4 = { tile: 128, perThread: 8, tileK: 8, vec4: true, minWorkgroups: 1 }; // fits any adapter
    expect(() => matmul(ctx, out, a, b, 4, 5, 3, { config: v4 })).toThrow(/matmul: config 128x128_t8_k8_v4 loads vec4s: needs K \(a\) and N \(b\) multiples of 4, got M=4 N=5 K=3/);
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
