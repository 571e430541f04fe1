// Times every matmul tile config (TILE_CONFIGS, and MATMUL_CANDIDATES that chooseTile does not offer yet) that fits
// the current adapter at the shakespeare-char-size step's shapes and 4096^3, each forced with matmul's
// `config` option, after checking each config's 256x256x256 result against matmulRef in all four transposes.
// Prints one JSON line per check and per (shape, config): ms (median of REPS submissions of INNER back-to-back
// copies, after one warm-up run) and TFLOP/s; `chosen` marks the config chooseTile picks for that shape on this
// adapter. Exits 1 if a check fails.
// Bundle: node scripts/build-node.mjs bench/matmul-variants.ts; run: node dist-node/matmul-variants.js [--quick]
// (--quick: the checks and one small timing, to prove the harness on SwiftShader).

import { nodeGpu } from '../src/cli/node-gpu';
import { checkConfig, chooseTile, configName, matmul, MATMUL_CANDIDATES, TILE_CONFIGS, vec4Aligned, type TileConfig } from '../src/kernels/matmul/matmul';
import { matmulRef } from '../src/kernels/matmul/matmul.ref';
import type { GpuContext } from '../src/kernels/runtime/context';
import { Rng } from '../src/engine/rng';
import { timeDispatches } from './time-dispatches';

interface Shape {
  M: number;
  N: number;
  K: number;
  transA: boolean;
  transB: boolean;
}

const SHAPES: readonly Shape[] = [
  { M: 4096, N: 4096, K: 4096, transA: false, transB: false },
  { M: 16384, N: 1152, K: 384, transA: false, transB: false }, // qkv forward
  { M: 16384, N: 384, K: 1536, transA: false, transB: true }, // MLP input gradient
  { M: 384, N: 1536, K: 16384, transA: true, transB: false }, // MLP weight gradient (split-K)
  { M: 16384, N: 1536, K: 384, transA: false, transB: false }, // MLP up-projection forward
];
const QUICK_SHAPES: readonly Shape[] = [{ M: 256, N: 256, K: 256, transA: false, transB: false }];

const REPS = 10;
const INNER = 10;

const log = (o: Record<string, unknown>): void => console.log(JSON.stringify(o));
const transposes = (s: Shape): string => `${s.transA ? 't' : 'n'}${s.transB ? 't' : 'n'}`;


/** `config`'s 256^3 result (with bias) against matmulRef, in every transpose; true if all are within tolerance. */
async function check(ctx: GpuContext, config: TileConfig): Promise<boolean> {
  const n = 256;
  const rng = new Rng(n);
  const a = rng.normals(n * n), b = rng.normals(n * n), bias = rng.normals(n);
  const ta = ctx.tensorFrom('a', [n, n], a), tb = ctx.tensorFrom('b', [n, n], b), tbias = ctx.tensorFrom('bias', [n], bias);
  // As matmul.test.ts: f32 sums of n products of N(0,1) values against float64 ones.
  const atol = 1e-5 * Math.sqrt(n), rtol = 1e-5;
  let allOk = true;
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const out = ctx.tensor('out', [n, n]);
      ctx.run(matmul(ctx, out, ta, tb, n, n, n, { transA, transB, bias: tbias, config }));
      const got = await ctx.read(out);
      const want = new Float32Array(n * n);
      matmulRef(want, a, b, bias, n, n, n, transA, transB, false);
      let worst = 0, ok = true;
      for (let i = 0; i < want.length; i++) {
        const e = Math.abs(got[i] - want[i]);
        worst = Math.max(worst, e);
        if (!(e <= atol + rtol * Math.abs(want[i]))) ok = false;
      }
      allOk &&= ok;
      log({ check: `${transA ? 't' : 'n'}${transB ? 't' : 'n'} 256x256x256`, config: configName(config), worstAbsError: worst, ok });
    }
  }
  return allOk;
}

/** Times every config in `configs` that can load `s`'s operands. */
async function timeShape(ctx: GpuContext, s: Shape, configs: readonly TileConfig[], reps: number, inner: number): Promise<void> {
  const { M, N, K, transA, transB } = s;
  const owned = ctx.trackBuffers();
  const a = ctx.tensorFrom('a', transA ? [K, M] : [M, K], fill(M * K));
  const b = ctx.tensorFrom('b', transB ? [N, K] : [K, N], fill(K * N));
  const bias = ctx.tensorFrom('bias', [N], fill(N));
  const out = ctx.tensor('out', [M, N]);
  const vec4 = vec4Aligned(M, N, K, transA, transB);
  const chosen = chooseTile(M, N, K, { sharedBytes: ctx.limits.maxComputeWorkgroupStorageSize, vec4 });
  for (const config of configs.filter((c) => vec4 || !c.vec4)) {
    const d = matmul(ctx, out, a, b, M, N, K, { transA, transB, bias, config });
    ctx.run(d);
    const ms = await timeDispatches(ctx, d, reps, inner);
    log({ shape: `${transposes(s)} ${M}x${N}x${K}`, config: configName(config), chosen: config === chosen, dispatches: d.length, ms, tflops: (2 * M * N * K) / ms / 1e9 });
  }
  ctx.destroyBuffers(owned.stop());
}

/** Any finite values in [-1, 1]: the work does not depend on them. */
function fill(n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = ((i * 7919) % 2001) / 1000 - 1;
  return x;
}

const quick = process.argv.includes('--quick');
const gpu = await nodeGpu();
const { ctx } = gpu;
const maxShared = ctx.limits.maxComputeWorkgroupStorageSize;
const fits = (c: TileConfig): boolean => {
  try {
    checkConfig(c, maxShared);
    return true;
  } catch {
    return false;
  }
};
const configs = [...TILE_CONFIGS, ...MATMUL_CANDIDATES].filter(fits);
log({ adapter: gpu.adapterName, maxComputeWorkgroupStorageSize: maxShared, configs: configs.map(configName), quick });
let failures = 0;
for (const c of configs) if (!(await check(ctx, c))) failures++;
for (const s of quick ? QUICK_SHAPES : SHAPES) await timeShape(ctx, s, configs, quick ? 1 : REPS, quick ? 1 : INNER);
log({ failures });
process.exit(failures ? 1 : 0);
