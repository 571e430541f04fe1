// Launchers for matmul.wgsl (tiled GEMM with bias, transposes and accumulate), matmul_reduce.wgsl (split-K
// finish) and bias_backward.wgsl (two-pass column sum). Tested by matmul.test.ts against matmul.ref.ts.
//
// Tile shapes: TILE_CONFIGS, one chosen per call by chooseTile (see there for the rule and the reasons).
// Split-K: when the output has too few tiles to fill a large GPU and K is long (weight gradients:
// (C, BT)·(BT, OC) with BT up to 16384), K is cut into slices computed by separate workgroups into a scratch
// (splits, M, N), then summed in slice order. Scratch buffers are shared by every launch on a context with the
// same scratch size: the dispatches of one plan run in order, and each launch's scratch is dead once its own
// last dispatch has run, so the dispatches returned by one call must be replayed together, in order.

import { ceilDiv, grid, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import biasCode from './bias_backward.wgsl?raw';
import code from './matmul.wgsl?raw';
import reduceCode from './matmul_reduce.wgsl?raw';

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  bias?: Tensor;
  accumulate?: boolean;
  /** Output tile side, one of TILE_CONFIGS' `tile`. Only for tests, to exercise every config; default chooseTile(). */
  tile?: number;
}

/**
 * One shape of matmul.wgsl (its override constants BM, TM, BK): a tile x tile output tile per workgroup of
 * (tile/perThread)^2 threads, each computing perThread x perThread outputs, K advancing tileK at a time.
 * matmul.wgsl needs perThread 4 or 8, tile * tileK = 4 * threads (each thread moves 4 elements of each
 * operand's K-tile) and tileK <= tile / 4; shared memory is 2 operands x 2 buffers x tileK x tile floats.
 */
export interface TileConfig {
  readonly tile: number;
  readonly perThread: number;
  readonly tileK: number;
  /** chooseTile takes this config only if the output has at least this many tiles of it. */
  readonly minWorkgroups: number;
}

/** Workgroups that keep a large GPU busy (H100/H200: 132 SMs x 2 such workgroups); fewer tiles -> split K. */
const TARGET_WORKGROUPS = 256;

/**
 * Largest tile first. 128 and 64 keep 8x8 outputs per thread (the most register reuse); 64x64 tiles have 4x
 * the workgroups of 128x128 for the same threads per output. 32x32 tiles do 4x4 per thread so that a
 * workgroup still has 64 threads (two warps), at about 1.5x the cost per output of 8x8 on SwiftShader.
 * (64x64 as 4x4 per thread with 256 threads measured 1.6-2x slower per output than 8x8 with 64 threads on
 * SwiftShader, whose cost grows with the invocations of a workgroup, so it is not offered.)
 */
export const TILE_CONFIGS: readonly TileConfig[] = [
  { tile: 128, perThread: 8, tileK: 8, minWorkgroups: TARGET_WORKGROUPS }, // 256 threads, 16 KiB shared
  { tile: 64, perThread: 8, tileK: 4, minWorkgroups: 1 }, // 64 threads, 4 KiB shared
  { tile: 32, perThread: 4, tileK: 8, minWorkgroups: 1 }, // 64 threads, 4 KiB shared
];

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

  const cfg = opts.tile === undefined ? chooseTile(M, N, K) : TILE_CONFIGS.find((c) => c.tile === opts.tile);
  if (!cfg) throw new Error(`matmul: tile ${opts.tile} is not one of ${TILE_CONFIGS.map((c) => c.tile).join(', ')}`);
  const { tile, perThread, tileK } = cfg;
  const name = `matmul_${transA ? 't' : 'n'}${transB ? 't' : 'n'}_${tile}x${tile}_t${perThread}_k${tileK}`;
  const tilesM = ceilDiv(M, tile);
  const tilesN = ceilDiv(N, tile);
  const kSlice = sliceK(ctx, M, N, K, tilesM * tilesN, tileK);
  const splits = ceilDiv(K, kSlice);
  const src = { name, code, constants: { TRANS_A: +transA, TRANS_B: +transB, BM: tile, TM: perThread, BK: tileK } };
  const epilogue = [['u32', +!!bias], ['u32', +accumulate]] as const;
  if (splits === 1) {
    const params = ctx.uniform(`${name}.params`, [['u32', M], ['u32', N], ['u32', K], ['u32', K], ...epilogue]);
    return [ctx.dispatch(src, [out, a, b, bias ?? a, params], [tilesN, tilesM, 1])];
  }
  // Slices write raw sums; the reduction adds bias and the old out once.
  const partials = scratch(ctx, splits * M * N);
  const params = ctx.uniform(`${name}.params`, [['u32', M], ['u32', N], ['u32', K], ['u32', kSlice], ['u32', 0], ['u32', 0]]);
  const reduceParams = ctx.uniform('matmul_splitk_reduce.params', [['u32', M * N], ['u32', N], ['u32', splits], ...epilogue]);
  return [
    ctx.dispatch(src, [partials, a, b, a, params], [tilesN, tilesM, splits]),
    ctx.dispatch({ name: 'matmul_splitk_reduce', code: reduceCode, constants: { WG } }, [out, partials, bias ?? partials, reduceParams], grid(ceilDiv(M * N, WG))),
  ];
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

/**
 * The tile for an (M, N) output with inner dimension K: the largest config that has at least its
 * minWorkgroups workgroups (tiles times the split-K slices a K this long allows) and computes less than
 * MAX_PADDING times the outputs (padding included) of the tightest-fitting config. So:
 * - 128x128 only when it gives TARGET_WORKGROUPS workgroups, alone or with split-K: a large GPU is then full,
 *   and the big tile reads each input element the fewest times. Weight gradients (K = B*T) take this path:
 *   on an H200 (shakespeare-char-size) 64x64 tiles ran them 2.2x slower per flop than 128x128 tiles;
 * - 32x32 when the output is narrow (M or N <= 32, or just above a multiple of 64), where 64x64 tiles would
 *   spend a third or more of their work on padding, which costs more than 32x32's 4x4-per-thread overhead;
 * - 64x64 otherwise. It is not shrunk to 32x32 for more workgroups, which is slower on CPU adapters
 *   (SwiftShader, all of CI) and matters only on a large GPU for outputs under ~1M values (256 64x64 tiles).
 * The smallest config always qualifies: no tile pads less than it.
 */
export function chooseTile(M: number, N: number, K = 1): TileConfig {
  const padded = (c: TileConfig): number => ceilDiv(M, c.tile) * ceilDiv(N, c.tile) * c.tile * c.tile;
  const tightest = Math.min(...TILE_CONFIGS.map(padded));
  const maxSplits = Math.max(1, Math.min(MAX_SPLITS, Math.floor(K / MIN_SLICE_K)));
  const fits = (c: TileConfig): boolean => ceilDiv(M, c.tile) * ceilDiv(N, c.tile) * maxSplits >= c.minWorkgroups && padded(c) < MAX_PADDING * tightest;
  return TILE_CONFIGS.find(fits)!;
}

/** The K slice per workgroup: K itself, or a multiple of tileK when few output tiles and a long K call for split-K. */
function sliceK(ctx: GpuContext, M: number, N: number, K: number, tiles: number, tileK: number): number {
  const fitsBinding = Math.floor(ctx.limits.maxStorageBufferBindingSize / (4 * M * N));
  const splits = Math.min(MAX_SPLITS, ceilDiv(TARGET_WORKGROUPS, tiles), Math.floor(K / MIN_SLICE_K), fitsBinding);
  if (splits <= 1) return K;
  return ceilDiv(ceilDiv(K, splits), tileK) * tileK;
}

/** A scratch tensor of n floats shared by all launches on `ctx` that need that size (see the header). */
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
