// The f16-input matmul paths (precision.ts, matmul.ts with f16 tiles, matmul-subgroup.ts):
// - matmulF16InputsRef against products worked out by hand;
// - the path choice from a device's features and subgroup matrix configs, and the features openDevice
//   requests (pure functions, fake adapters);
// - both kernels compile: on Dawn's null backend (WGSL validation and pipeline creation, nothing runs), which
//   offers shader-f16 and subgroup matrices where SwiftShader does not;
// - on the test adapter: a path it lacks is refused naming the feature, and the default stays f32;
// - against the reference on the test adapter, only where it has the feature: each such test names the feature
//   it needs and shows as skipped elsewhere (SwiftShader in CI). bench/gpu-check.ts runs the same checks on a GPU.
//
// Tolerance of the GPU checks: the reference rounds op(A) and op(B) to f16 with ties to even and sums in f64.
// WGSL lets an f32 -> f16 conversion round either way, so each input may sit one f16 ulp (2^-10 relative)
// from the reference's; with N(0,1) operands each product then moves by up to ~2^-9, and K such errors of
// random sign add like a random walk: atol = 2^-8 * sqrt(K) keeps a 2x margin, plus matmul.test.ts's f32
// summation term. Against the plain f32 product the error is ~2^-11 * sqrt(K) even with exact rounding, so
// a kernel that forgot to round would still pass this tolerance: the checks also require the result to be
// closer to the f16 reference than to the f32 one.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import type { GpuContext } from '../runtime/context';
import { expectClose, noGpuErrors, testCtx, type Tolerance } from '../../test/gpu';
import { nullCtx } from '../../test/null-gpu';
import { featuresToRequest } from '../../engine/gpu/request-device';
import { chooseTile, configName, matmul, MATMUL_CANDIDATES, TILE_CONFIGS, tilePrelude } from './matmul';
import { matmulF16InputsRef, matmulRef } from './matmul.ref';
import { SUBGROUP_TILES, subgroupPrelude, subgroupSharedBytes } from './matmul-subgroup';
import { adapterCaps, autoPathOfOpenedFeatures, deviceCaps, matmulPath, PATH_FEATURES, pathSupport, resolveMatmulPath, subgroupMatrixShape, type MatmulCaps, type MatmulPath, type SubgroupMatrixConfig } from './precision';
import loadCode from './matmul_load.wgsl?raw';
import loadVec4Code from './matmul_load_vec4.wgsl?raw';
import coreCode from './matmul.wgsl?raw';
import subgroupCode from './matmul_subgroup.wgsl?raw';

const tol = (K: number): Tolerance => ({ atol: 2 ** -8 * Math.sqrt(K) + 1e-5 * Math.sqrt(K), rtol: 1e-5 });

/** The configs the H200 reported (bench/README.md, ../shared/gpu/README.md): f16 -> f32 and f16 -> f16. */
const H200_CONFIGS: SubgroupMatrixConfig[] = [
  { componentType: 'f16', resultComponentType: 'f16', M: 16, N: 16, K: 16 },
  { componentType: 'f16', resultComponentType: 'f32', M: 16, N: 8, K: 8 },
  { componentType: 'f16', resultComponentType: 'f32', M: 16, N: 16, K: 16 },
  { componentType: 'f16', resultComponentType: 'f32', M: 16, N: 8, K: 16 },
];

function caps(features: string[], configs: SubgroupMatrixConfig[] = [], subgroupMaxSize = 32): MatmulCaps {
  return { features: new Set(features), subgroupMatrixConfigs: configs, subgroupMaxSize, maxInvocations: 256 };
}

describe('matmulF16InputsRef', () => {
  it('multiplies the operands rounded to f16, keeps the bias and the old out in f32', () => {
    // a = [1/3, 65519] (1x2), b = [3, 2^-20]ᵀ (2x1): f16(1/3) = 0.333251953125, f16(65519) = 65504, 2^-20 is
    // a subnormal f16 (exact), so out = 0.333251953125 * 3 + 65504 * 2^-20 + bias 1/3 (not rounded).
    const out = new Float32Array(1);
    matmulF16InputsRef(out, Float32Array.of(1 / 3, 65519), Float32Array.of(3, 2 ** -20), Float32Array.of(1 / 3), 1, 1, 2, false, false, false);
    expect(out[0]).toBe(Math.fround(0.333251953125 * 3 + 65504 * 2 ** -20 + Math.fround(1 / 3)));
    const f32 = new Float32Array(1);
    matmulRef(f32, Float32Array.of(1 / 3, 65519), Float32Array.of(3, 2 ** -20), Float32Array.of(1 / 3), 1, 1, 2, false, false, false);
    expect(f32[0]).not.toBe(out[0]);
    // An input beyond the f16 range becomes infinity, as the GPU's conversion makes it; accumulate adds to out.
    const acc = Float32Array.of(2);
    matmulF16InputsRef(acc, Float32Array.of(70000), Float32Array.of(1), null, 1, 1, 1, true, true, true);
    expect(acc[0]).toBe(Infinity);
  });
});

describe('matmul precision paths', () => {
  it('auto takes subgroup matrices, else f16 tiles, else f32; f32 forces f32', () => {
    const all = [...PATH_FEATURES['subgroup-matrix']];
    expect(resolveMatmulPath(caps(all, H200_CONFIGS), 'auto')).toBe('subgroup-matrix');
    expect(resolveMatmulPath(caps(all, H200_CONFIGS), 'f32')).toBe('f32');
    expect(resolveMatmulPath(caps(['shader-f16', 'subgroups'], H200_CONFIGS), 'auto'), 'no subgroup-matrix feature').toBe('f16');
    expect(resolveMatmulPath(caps(all, []), 'auto'), 'the feature but no config').toBe('f16');
    expect(resolveMatmulPath(caps(all, H200_CONFIGS, 0), 'auto'), 'subgroup size unknown').toBe('f16');
    expect(resolveMatmulPath(caps(all, H200_CONFIGS, 128), 'auto'), '4 subgroups of 128 exceed 256 invocations').toBe('f16');
    expect(resolveMatmulPath(caps(['subgroups', 'timestamp-query']), 'auto')).toBe('f32');
    expect(pathSupport(caps(['subgroups']), 'f16')).toEqual({ ok: false, missing: 'shader-f16' });
    expect(pathSupport(caps(['shader-f16', 'subgroups']), 'subgroup-matrix')).toEqual({ ok: false, missing: 'chromium-experimental-subgroup-matrix' });
  });

  it('openDevice requests subgroup matrices only where the kernel can use them, so its feature list tells the path', () => {
    const adapter = (features: string[], configs: SubgroupMatrixConfig[], subgroupMaxSize = 32) => ({
      features: new Set(features), info: { subgroupMatrixConfigs: configs, subgroupMaxSize }, limits: { maxComputeInvocationsPerWorkgroup: 1024 },
    }) as unknown as GPUAdapter;
    const all = ['timestamp-query', ...PATH_FEATURES['subgroup-matrix'], 'float32-filterable'];
    const cases: [GPUAdapter, MatmulPath][] = [
      [adapter(all, H200_CONFIGS), 'subgroup-matrix'],
      [adapter(all, H200_CONFIGS.filter((c) => c.resultComponentType === 'f16')), 'f16'],
      [adapter(all, H200_CONFIGS, 0), 'f16'],
      [adapter(['subgroups', 'timestamp-query'], []), 'f32'],
    ];
    for (const [a, path] of cases) {
      const requested = featuresToRequest(a);
      expect(requested).not.toContain('float32-filterable');
      expect((requested as string[]).includes('chromium-experimental-subgroup-matrix')).toBe(path === 'subgroup-matrix');
      expect(autoPathOfOpenedFeatures(requested)).toBe(path);
      expect(resolveMatmulPath(adapterCaps(a), 'auto')).toBe(path);
    }
  });

  it('subgroupMatrixShape picks the largest f16 -> f32 shape that tiles 32 x 32 blocks, the adapter\'s first among equals', () => {
    expect(subgroupMatrixShape(H200_CONFIGS)).toEqual(H200_CONFIGS[2]);
    expect(subgroupMatrixShape(H200_CONFIGS.filter((c) => c.N === 8))).toEqual(H200_CONFIGS[3]);
    const apple = { componentType: 'f16', resultComponentType: 'f32', M: 8, N: 8, K: 8 };
    expect(subgroupMatrixShape([apple, { ...apple, componentType: 'f32' }])).toEqual(apple);
    expect(subgroupMatrixShape([{ ...apple, M: 24 }, { ...apple, K: 64 }, { ...apple, resultComponentType: 'f16' }])).toBeUndefined();
  });

  it('the subgroup tiles fit 48 KiB of workgroup storage (an H200) at 128 and the guaranteed 16 KiB at 64', () => {
    const shape = H200_CONFIGS[2];
    expect(subgroupSharedBytes(SUBGROUP_TILES[0], shape)).toBeLessThanOrEqual(49152);
    expect(subgroupSharedBytes(SUBGROUP_TILES[1], shape)).toBeLessThanOrEqual(16384);
  });

  it('on the test adapter: a path it lacks is refused by name, and the default is the path its features give', async () => {
    const ctx = await testCtx();
    const c = deviceCaps(ctx.device);
    const out = ctx.tensor('h', [4, 5]), a = ctx.tensor('x', [4, 3]), b = ctx.tensor('w', [3, 5]);
    for (const path of ['f16', 'subgroup-matrix'] as MatmulPath[]) {
      const support = pathSupport(c, path);
      if (!support.ok) expect(() => matmul(ctx, out, a, b, 4, 5, 3, { path })).toThrow(`matmul: the ${path} path needs ${support.missing}, which this device lacks`);
    }
    const label = matmul(ctx, out, a, b, 4, 5, 3)[0].label;
    const expected = resolveMatmulPath(c, 'auto');
    if (expected === 'f32') expect(label).toBe('matmul_nn_32x32_t4_k8');
    else expect(label).toMatch(expected === 'f16' ? /_f16$/ : /_sgmat_/);
  });
});

async function openNullDevice(): Promise<GPUDevice> {
  return (await nullCtx()).device;
}

/** WGSL errors and warnings (a deprecated builtin is one) of `code` on `device`, and the pipeline's error if the
 *  module has none. */
async function compileErrors(device: GPUDevice, code: string, constants: Record<string, number>, pipeline: boolean): Promise<string[]> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type !== 'info').map((m) => `${m.type} ${m.lineNum}:${m.linePos} ${m.message}`);
  if (!errors.length && pipeline) device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main', constants } });
  const scope = await device.popErrorScope();
  if (scope && !errors.length) errors.push(scope.message);
  return errors;
}

describe.sequential("f16 kernels compile (Dawn's null backend: validation only, nothing runs)", () => {
  it('matmul.wgsl with f16 tiles: every tile config and transpose, both loaders', async () => {
    const device = await openNullDevice();
    for (const cfg of [...TILE_CONFIGS, ...MATMUL_CANDIDATES]) {
      for (const [transA, transB] of [[false, false], [true, true]]) {
        const code = tilePrelude(true) + (cfg.vec4 ? loadVec4Code : loadCode) + coreCode;
        const errors = await compileErrors(device, code, { TRANS_A: +transA, TRANS_B: +transB, BM: cfg.tile, TM: cfg.perThread, BK: cfg.tileK }, true);
        expect(errors, `${configName(cfg)} trans ${transA}/${transB}`).toEqual([]);
      }
    }
  });

  it('matmul() plans the f16 path there by default (no matrix configs to choose from): kernels and bindings validate', async () => {
    const ctx = await nullCtx();
    expect(matmulPath(ctx)).toBe('f16');
    const labels = await noGpuErrors(ctx, () => [
      [130, 70, 45, false, true], [40, 70, 1100, true, false], [256, 512, 64, false, false],
    ].flatMap(([M, N, K, transA, transB]) => {
      const d = matmul(ctx, ctx.tensor('out', [+M, +N]), ctx.tensor('a', [+M * +K]), ctx.tensor('b', [+K * +N]), +M, +N, +K, { transA: !!transA, transB: !!transB, bias: ctx.tensor('bias', [+N]) });
      ctx.run(d);
      return d.map((x) => x.label);
    }));
    // The f32 path's tiles (chooseTile), named _f16; the second takes split-K.
    expect(labels).toEqual(['matmul_nt_32x32_t4_k8_f16', 'matmul_tn_64x64_t8_k4_f16', 'matmul_splitk_reduce', 'matmul_nn_64x64_t8_k4_f16']);
    expect(labels[0]).toBe(`matmul_nt_${configName(chooseTile(130, 70, 45, { sharedBytes: ctx.limits.maxComputeWorkgroupStorageSize, vec4: false }))}_f16`);
  });

  it('matmul_subgroup.wgsl: both tiles at the H200 shapes and 8x8x8, subgroups of 32 and 64', async () => {
    const device = await openNullDevice();
    const shapes = [...H200_CONFIGS.filter((c) => c.resultComponentType === 'f32'), { componentType: 'f16', resultComponentType: 'f32', M: 8, N: 8, K: 8 }];
    for (const shape of shapes) {
      for (const tile of SUBGROUP_TILES) {
        for (const sg of [32, 64]) {
          // The pipeline too (workgroup size, storage, overrides) where the tile fits the null device's
          // workgroup storage (16 KiB: the 64 tile); the 128 tile's WGSL is validated alone.
          const pipeline = subgroupSharedBytes(tile, shape) <= device.limits.maxComputeWorkgroupStorageSize;
          const errors = await compileErrors(device, subgroupPrelude(shape, tile, sg) + subgroupCode, { TRANS_A: 1, TRANS_B: 0 }, pipeline);
          expect(errors, `${shape.M}x${shape.N}x${shape.K} tile ${tile} subgroup ${sg}`).toEqual([]);
        }
      }
    }
  });
});

/** The test adapter's support for a path, and the test-name suffix that says what a skipped test needs. */
async function adapterPath(path: MatmulPath): Promise<{ ok: boolean; needs: string }> {
  const ctx = await testCtx();
  return { ok: pathSupport(deviceCaps(ctx.device), path).ok, needs: `[needs ${PATH_FEATURES[path].join(', ')}]` };
}
const f16 = await adapterPath('f16');
const subgroupMatrix = await adapterPath('subgroup-matrix');
for (const [path, support] of [['f16', f16], ['subgroup-matrix', subgroupMatrix]] as const) {
  if (!support.ok) console.log(`matmul-f16.test.ts: the ${path} matmul is not checked against its reference on this adapter ${support.needs}; bench/gpu-check.ts checks it on a GPU`);
}

/** Runs one matmul on `path` and checks it against both references (see the header for the tolerance). */
async function checkPath(ctx: GpuContext, path: MatmulPath, M: number, N: number, K: number, transA: boolean, transB: boolean, seed: number): Promise<number> {
  const rng = new Rng(seed);
  const a = rng.normals(M * K), b = rng.normals(K * N), bias = rng.normals(N), init = rng.normals(M * N);
  const out = ctx.tensorFrom('out', [M, N], init);
  const ta = ctx.tensorFrom('a', [a.length], a), tb = ctx.tensorFrom('b', [b.length], b), tbias = ctx.tensorFrom('bias', [N], bias);
  const d = await noGpuErrors(ctx, () => {
    const plan = matmul(ctx, out, ta, tb, M, N, K, { transA, transB, bias: tbias, accumulate: true, path });
    ctx.run(plan);
    return plan;
  });
  const got = await ctx.read(out);
  const want = init.slice(), wantF32 = init.slice();
  matmulF16InputsRef(want, a, b, bias, M, N, K, transA, transB, true);
  matmulRef(wantF32, a, b, bias, M, N, K, transA, transB, true);
  const what = `${path} ${transA ? 't' : 'n'}${transB ? 't' : 'n'} ${M}x${N}x${K}`;
  expectClose(got, want, tol(K), what);
  let errF16 = 0, errF32 = 0;
  for (let i = 0; i < got.length; i++) {
    errF16 += (got[i] - want[i]) ** 2;
    errF32 += (got[i] - wantF32[i]) ** 2;
  }
  expect(errF16, `${what}: closer to the f16-input reference than to the f32 product`).toBeLessThan(errF32);
  return d.length;
}

describe.sequential('f16-input matmuls against matmulF16InputsRef on the test adapter', () => {
  for (const [path, support] of [['f16', f16], ['subgroup-matrix', subgroupMatrix]] as const) {
    it.skipIf(!support.ok)(`${path}: every transpose over partial tiles, then split-K ${support.needs}`, async () => {
      const ctx = await testCtx();
      let seed = 100;
      for (const [transA, transB] of [[false, false], [false, true], [true, false], [true, true]]) {
        expect(await checkPath(ctx, path, 133, 70, 45, transA, transB, seed++)).toBe(1);
      }
      expect(await checkPath(ctx, path, 40, 70, 1100, true, false, seed++), 'split-K: partial products, then the reduction').toBe(2);
    });
  }
});
