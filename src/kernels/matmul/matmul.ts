// Launchers for matmul.wgsl (tiled GEMM with bias, transposes and accumulate, after one of its loaders
// matmul_load.wgsl / matmul_load_vec4.wgsl), matmul_reduce.wgsl (split-K finish) and bias_backward.wgsl
// (two-pass column sum). Tested by matmul.test.ts against matmul.ref.ts; scratch lifetime by matmul-scratch.test.ts.
//
// Tile shapes: TILE_CONFIGS, one chosen per call by chooseTile (see there for the rule and the reasons).
// Split-K: when the output has too few tiles to fill a large GPU and K is long (weight gradients:
// (C, BT)·(BT, OC) with BT up to 16384), K is cut into slices computed by separate workgroups into a scratch
// (splits, M, N), then summed in slice order. Scratch buffers are shared by every launch on a context with the
// same scratch size: the dispatches of one plan run in order, and each launch's scratch is dead once its own
// last dispatch has run, so the dispatches returned by one call must be replayed together, in order. A scratch
// belongs to the owners (ctx.trackBuffers scopes, e.g. a GPT) whose plans asked for it, and is freed with the
// last of them (GpuContext.sharedTensor); building and destroying models leaves no scratch behind.
//
// Precision (precision.ts): the path of the context, or the `path` option, picks the kernel. 'f32' is
// matmul.wgsl with f32 shared tiles; 'f16' is the same kernel and tile configs with f16 shared tiles (tilePrelude),
// which round op(A) and op(B) to f16; 'subgroup-matrix' is matmul_subgroup.wgsl (matmul-subgroup.ts). All keep
// f32 sums, bias, accumulate and split-K partials, and take the same bindings; the f16 paths are checked against
// matmulF16InputsRef by matmul-f16.test.ts (where the adapter has the features) and bench/gpu-check.ts.

import { ceilDiv, grid, type Dispatch, type GpuContext, type KernelSource } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import biasCode from './bias_backward.wgsl?raw';
import coreCode from './matmul.wgsl?raw';
import loadCode from './matmul_load.wgsl?raw';
import loadVec4Code from './matmul_load_vec4.wgsl?raw';
import reduceCode from './matmul_reduce.wgsl?raw';
import { subgroupKernel } from './matmul-subgroup';
import { deviceCaps, matmulPath, pathSupport, type MatmulPath } from './precision';

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  bias?: Tensor;
  accumulate?: boolean;
  /** Forces a config (checkConfig's rules), for tests and benchmarks to exercise each; default chooseTile()'s.
   *  Only for the f32 and f16 paths (matmul.wgsl). */
  config?: TileConfig;
  /** Forces a path (tests, benchmarks); default: the context's (matmulPath in precision.ts). */
  path?: MatmulPath;
}

/**
 * One shape of matmul.wgsl (its override constants BM, TM, BK) and its loader: a tile x tile output tile per
 * workgroup of (tile/perThread)^2 threads, each computing perThread x perThread outputs, K advancing tileK at a
 * time, in 2 operands x 2 buffers x tileK x tile floats of shared memory (sharedBytes). checkConfig has the rules.
 */
export interface TileConfig {
  readonly tile: number;
  readonly perThread: number;
  readonly tileK: number;
  /** Loads vec4s (matmul_load_vec4.wgsl): only for operands whose contiguous dimension is a multiple of 4. */
  readonly vec4: boolean;
  /** chooseTile takes this config only if the output has at least this many tiles of it. */
  readonly minWorkgroups: number;
}

/** Workgroups that keep a large GPU busy (H100/H200: 132 SMs x 2 such workgroups); fewer tiles -> split K. */
const TARGET_WORKGROUPS = 256;

/**
 * Largest tile first, and among equal tiles the preferred first. 128 and 64 keep 8x8 outputs per thread (the
 * most register reuse); 64x64 tiles have 4x the workgroups of 128x128 for the same threads per output. 32x32
 * tiles do 4x4 per thread so that a workgroup still has 64 threads (two warps), at about 1.5x the cost per
 * output of 8x8 on SwiftShader. (64x64 as 4x4 per thread with 256 threads measured 1.6-2x slower per output
 * than 8x8 with 64 threads on SwiftShader, whose cost grows with the invocations of a workgroup, so it is not
 * offered.)
 * bench/matmul-variants.ts times every config, and the candidates below, on the adapter at hand.
 */
export const TILE_CONFIGS: readonly TileConfig[] = [
  { tile: 128, perThread: 8, tileK: 8, vec4: false, minWorkgroups: TARGET_WORKGROUPS }, // 256 threads, 16 KiB shared
  { tile: 64, perThread: 8, tileK: 4, vec4: false, minWorkgroups: 1 }, // 64 threads, 4 KiB shared
  { tile: 32, perThread: 4, tileK: 8, vec4: false, minWorkgroups: 1 }, // 64 threads, 4 KiB shared
];

/**
 * Candidates for large GPUs (an H200 ran 128x128 BK 8 at about half of cuBLAS's f32 rate): correct and tested,
 * but not offered by chooseTile until bench/matmul-variants.ts shows them faster on a real GPU. Same threads
 * and register blocking as 128x128 BK 8; vec4 loads cut global loads and their index and bounds arithmetic per
 * K-tile by 4 (operands must be vec4Aligned), and BK 16 halves the barriers and loop trips per flop at 32 KiB of
 * shared memory, more than browsers guarantee (16 KiB).
 */
export const MATMUL_CANDIDATES: readonly TileConfig[] = [
  { tile: 128, perThread: 8, tileK: 16, vec4: true, minWorkgroups: TARGET_WORKGROUPS }, // 256 threads, 32 KiB shared
  { tile: 128, perThread: 8, tileK: 8, vec4: true, minWorkgroups: TARGET_WORKGROUPS }, // 256 threads, 16 KiB shared
];

/** Workgroup storage every WebGPU adapter offers, and the default of chooseTile's `sharedBytes`. */
export const GUARANTEED_SHARED_BYTES = 16384;

/** A tile may compute at most this factor more outputs, padding included, than the tightest-fitting tile. */
const MAX_PADDING = 1.5;

/** Shortest K slice, so that a workgroup's loop outweighs writing and re-reading its partial tile. */
const MIN_SLICE_K = 256;
const MAX_SPLITS = 32;
/** Elementwise kernels' workgroup size (matmul_reduce.wgsl WG, bias_backward.wgsl WG). */
const WG = 256;
/** bias_backward.wgsl: columns per workgroup of reduce_rows, and rows each of its workgroups sums. */
const BIAS_COLS = 64;
const BIAS_ROWS = 256;

/**
 * out (M,N) = op(A)·op(B) [+ bias (N) broadcast over rows]; with accumulate: out += op(A)·op(B) [+ bias].
 * A is (K,M) if transA else (M,K); B is (N,K) if transB else (K,N). All row-major f32.
 */
export function matmul(ctx: GpuContext, out: Tensor, a: Tensor, b: Tensor, M: number, N: number, K: number, opts: MatmulOptions = {}): Dispatch[] {
  const { transA = false, transB = false, bias, accumulate = false } = opts;
  expectDims('matmul', { M, N, K });
  expectF32('matmul', 'out', out, M * N);
  expectF32('matmul', transA ? 'a (K,M)' : 'a (M,K)', a, M * K);
  expectF32('matmul', transB ? 'b (N,K)' : 'b (K,N)', b, K * N);
  if (bias) expectF32('matmul', 'bias', bias, N);

  const path = opts.path ?? matmulPath(ctx);
  const support = pathSupport(deviceCaps(ctx.device), path);
  if (!support.ok) throw new Error(`matmul: the ${path} path needs ${support.missing}, which this device lacks`);
  if (path === 'subgroup-matrix' && opts.config) throw new Error(`matmul: config ${configName(opts.config)} is a matmul.wgsl tile; the subgroup-matrix path has its own`);
  const { src, tile, tileK } = path === 'subgroup-matrix'
    ? subgroupKernel(ctx, M, N, maxSplitsFor(K), TARGET_WORKGROUPS, transA, transB)
    : tiledKernel(ctx, M, N, K, transA, transB, path === 'f16', opts.config);
  const tilesM = ceilDiv(M, tile);
  const tilesN = ceilDiv(N, tile);
  const kSlice = sliceK(ctx, M, N, K, tilesM * tilesN, tileK);
  const splits = ceilDiv(K, kSlice);
  const epilogue = [['u32', +!!bias], ['u32', +accumulate]] as const;
  if (splits === 1) {
    const params = ctx.uniform(`${src.name}.params`, [['u32', M], ['u32', N], ['u32', K], ['u32', K], ...epilogue]);
    return [ctx.dispatch(src, [out, a, b, bias ?? a, params], [tilesN, tilesM, 1])];
  }
  // Slices write raw sums; the reduction adds bias and the old out once.
  const partials = scratch(ctx, splits * M * N);
  const params = ctx.uniform(`${src.name}.params`, [['u32', M], ['u32', N], ['u32', K], ['u32', kSlice], ['u32', 0], ['u32', 0]]);
  const reduceParams = ctx.uniform('matmul_splitk_reduce.params', [['u32', M * N], ['u32', N], ['u32', splits], ...epilogue]);
  return [
    ctx.dispatch(src, [partials, a, b, a, params], [tilesN, tilesM, splits]),
    ctx.dispatch({ name: 'matmul_splitk_reduce', code: reduceCode, constants: { WG } }, [out, partials, bias ?? partials, reduceParams], grid(ceilDiv(M * N, WG))),
  ];
}

/**
 * matmul.wgsl for one call: chooseTile's config (or `config`), its loader, and the tile types: f32, or f16
 * (`f16Tiles`, kernel names ending in _f16).
 */
function tiledKernel(ctx: GpuContext, M: number, N: number, K: number, transA: boolean, transB: boolean, f16Tiles: boolean, config?: TileConfig): { src: KernelSource; tile: number; tileK: number } {
  const vec4 = vec4Aligned(M, N, K, transA, transB);
  const maxShared = ctx.limits.maxComputeWorkgroupStorageSize;
  const cfg = config ?? chooseTile(M, N, K, { sharedBytes: maxShared, vec4 });
  checkConfig(cfg, maxShared);
  if (cfg.vec4 && !vec4) throw new Error(`matmul: config ${configName(cfg)} loads vec4s: needs ${transA ? 'M' : 'K'} (a) and ${transB ? 'K' : 'N'} (b) multiples of 4, got M=${M} N=${N} K=${K}`);
  const { tile, perThread, tileK } = cfg;
  const name = `matmul_${transA ? 't' : 'n'}${transB ? 't' : 'n'}_${configName(cfg)}${f16Tiles ? '_f16' : ''}`;
  const code = tilePrelude(f16Tiles) + (cfg.vec4 ? loadVec4Code : loadCode) + coreCode;
  return { src: { name, code, constants: { TRANS_A: +transA, TRANS_B: +transB, BM: tile, TM: perThread, BK: tileK } }, tile, tileK };
}

/** The shared-tile types matmul.wgsl and its loaders use: f32 (exact copies), or f16 (op(A), op(B) rounded). */
export function tilePrelude(f16Tiles: boolean): string {
  return f16Tiles
    ? 'enable f16;\nalias TileElem = f16;\nalias TileVec = vec4<f16>;\n'
    : 'alias TileElem = f32;\nalias TileVec = vec4<f32>;\n';
}

/** dbias (N) = sum over rows of dout (M,N); with accumulate: dbias += that. Deterministic (no atomics). */
export function biasBackward(ctx: GpuContext, dbias: Tensor, dout: Tensor, M: number, N: number, accumulate = false): Dispatch[] {
  expectDims('biasBackward', { M, N });
  expectF32('biasBackward', 'dbias', dbias, N);
  expectF32('biasBackward', 'dout', dout, M * N);
  const blocks = ceilDiv(M, BIAS_ROWS);
  const partials = scratch(ctx, blocks * N);
  const params = ctx.uniform('bias_backward.params', [['u32', M], ['u32', N], ['u32', BIAS_ROWS], ['u32', blocks], ['u32', +accumulate]]);
  return [
    ctx.dispatch({ name: 'bias_backward_rows', code: biasCode, entryPoint: 'reduce_rows' }, [partials, dout, params], [ceilDiv(N, BIAS_COLS), blocks]),
    ctx.dispatch({ name: 'bias_backward_blocks', code: biasCode, entryPoint: 'reduce_blocks' }, [dbias, partials, params], grid(ceilDiv(N, WG))),
  ];
}

/** What the adapter and the operands allow: workgroup storage bytes, and vec4 loads (vec4Aligned). */
export interface TileLimits {
  readonly sharedBytes: number;
  readonly vec4: boolean;
}

/**
 * The tile for an (M, N) output with inner dimension K: the first config that fits `limits`, has at least its
 * minWorkgroups workgroups (tiles times the split-K slices a K this long allows) and computes less than
 * MAX_PADDING times the outputs (padding included) of the tightest-fitting config. So:
 * - 128x128 only when it gives TARGET_WORKGROUPS workgroups, alone or with split-K: a large GPU is then full,
 *   and the big tile reads each input element the fewest times. Weight gradients (K = B*T) take this path:
 *   on an H200 (shakespeare-char-size) 64x64 tiles ran them 2.2x slower per flop than 128x128 tiles;
 * - 32x32 when the output is narrow (M or N <= 32, or just above a multiple of 64), where 64x64 tiles would
 *   spend a third or more of their work on padding, which costs more than 32x32's 4x4-per-thread overhead;
 * - 64x64 otherwise. It is not shrunk to 32x32 for more workgroups, which is slower on CPU adapters
 *   (SwiftShader, all of CI) and matters only on a large GPU for outputs under ~1M values (256 64x64 tiles).
 * The smallest config always qualifies: no tile pads less than it, and it fits any adapter and size.
 */
export function chooseTile(M: number, N: number, K = 1, limits: TileLimits = { sharedBytes: GUARANTEED_SHARED_BYTES, vec4: false }): TileConfig {
  const padded = (c: TileConfig): number => ceilDiv(M, c.tile) * ceilDiv(N, c.tile) * c.tile * c.tile;
  const tightest = Math.min(...TILE_CONFIGS.map(padded));
  const maxSplits = maxSplitsFor(K);
  const allowed = (c: TileConfig): boolean => sharedBytes(c) <= limits.sharedBytes && (!c.vec4 || limits.vec4);
  const fits = (c: TileConfig): boolean => allowed(c) && ceilDiv(M, c.tile) * ceilDiv(N, c.tile) * maxSplits >= c.minWorkgroups && padded(c) < MAX_PADDING * tightest;
  return TILE_CONFIGS.find(fits)!;
}

/**
 * Throws unless matmul.wgsl and the config's loader can run `c` on an adapter with `maxShared` bytes of
 * workgroup storage: perThread 4 or 8 (whole 4x4 quadrants, at most 2x2 of them), at most 256 threads,
 * tileK a multiple of 4 and <= tile/4 (the swizzle in matmul.wgsl's `slot` permutes the tile/4 vec4 slots of a
 * k-row by k), and each thread moving whole loads of each operand's K-tile: 4 elements (matmul_load.wgsl), or 1
 * or 2 vec4s (matmul_load_vec4.wgsl).
 */
export function checkConfig(c: TileConfig, maxShared: number): void {
  const threads = (c.tile / c.perThread) ** 2;
  const loads = (c.tile * c.tileK) / (4 * threads);
  const rules: [boolean, string][] = [
    [c.perThread === 4 || c.perThread === 8, 'perThread must be 4 or 8'],
    [Number.isInteger(threads) && threads <= 256, 'tile/perThread must be a whole number, at most 16'],
    [c.tileK % 4 === 0 && c.tileK <= c.tile / 4, 'tileK must be a multiple of 4 and at most tile/4'],
    [loads === 1 || (c.vec4 && loads === 2), `tile * tileK must be ${c.vec4 ? '4 or 8' : '4'} x threads (${threads})`],
    [sharedBytes(c) <= maxShared, `needs ${sharedBytes(c)} bytes of workgroup storage, this adapter allows ${maxShared}`],
  ];
  const broken = rules.find(([ok]) => !ok);
  if (broken) throw new Error(`matmul: config ${configName(c)}: ${broken[1]}`);
}

/** Bytes of workgroup storage a config's shared tiles take (2 operands x 2 buffers x tileK x tile floats). */
export function sharedBytes(c: TileConfig): number {
  return 2 * 2 * c.tileK * c.tile * 4;
}

/** The config's part of kernel names, e.g. 128x128_t8_k16_v4. */
export function configName(c: TileConfig): string {
  return `${c.tile}x${c.tile}_t${c.perThread}_k${c.tileK}${c.vec4 ? '_v4' : ''}`;
}

/** Whether matmul_load_vec4.wgsl can load both operands: each one's contiguous dimension is a multiple of 4. */
export function vec4Aligned(M: number, N: number, K: number, transA: boolean, transB: boolean): boolean {
  return (transA ? M : K) % 4 === 0 && (transB ? K : N) % 4 === 0;
}

/** The most split-K slices a K this long allows (each at least MIN_SLICE_K long). */
function maxSplitsFor(K: number): number {
  return Math.max(1, Math.min(MAX_SPLITS, Math.floor(K / MIN_SLICE_K)));
}

/** The K slice per workgroup: K itself, or a multiple of tileK when few output tiles and a long K call for split-K. */
function sliceK(ctx: GpuContext, M: number, N: number, K: number, tiles: number, tileK: number): number {
  const fitsBinding = Math.floor(ctx.limits.maxStorageBufferBindingSize / (4 * M * N));
  const splits = Math.min(MAX_SPLITS, ceilDiv(TARGET_WORKGROUPS, tiles), Math.floor(K / MIN_SLICE_K), fitsBinding);
  if (splits <= 1) return K;
  return ceilDiv(ceilDiv(K, splits), tileK) * tileK;
}

/** A scratch tensor of n floats shared by all launches on `ctx` that need that size, owned by the open
 * trackBuffers scopes (see the header). */
function scratch(ctx: GpuContext, n: number): Tensor {
  return ctx.sharedTensor(`matmul.scratch[${n}]`, [n]);
}

function expectDims(kernel: string, dims: Record<string, number>): void {
  for (const [name, d] of Object.entries(dims)) {
    if (!Number.isInteger(d) || d < 1) throw new Error(`${kernel}: ${name} must be a positive integer, got ${d}`);
  }
}

function expectF32(kernel: string, name: string, t: Tensor, n: number): void {
  if (t.dtype !== 'f32') throw new Error(`${kernel}: ${name} (${t.label}) is ${t.dtype}, expected f32`);
  expectLength(kernel, name, t, n);
}
