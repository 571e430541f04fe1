// Launchers for matmul.wgsl (tiled GEMM with bias, transposes and accumulate), matmul_reduce.wgsl (split-K
// finish) and bias_backward.wgsl (two-pass column sum). Tested by matmul.test.ts against matmul.ref.ts.
//
// Split-K: when the output has too few 128x128 tiles to fill a large GPU and K is long (weight gradients:
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
}

/** Output tile of one workgroup, BM x BM, and its K step (matmul.wgsl's BM and BK). */
const TILE = 128;
const TILE_K = 8;
/** Workgroups that keep a large GPU busy (H100/H200: 132 SMs x 2 such workgroups); fewer tiles -> split K. */
const TARGET_WORKGROUPS = 256;
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

  const name = `matmul_${transA ? 't' : 'n'}${transB ? 't' : 'n'}_${TILE}x${TILE}`;
  const tilesM = ceilDiv(M, TILE);
  const tilesN = ceilDiv(N, TILE);
  const kSlice = sliceK(ctx, M, N, K, tilesM * tilesN);
  const splits = ceilDiv(K, kSlice);
  const src = { name, code, constants: { TRANS_A: +transA, TRANS_B: +transB } };
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

/** The K slice per workgroup: K itself, or a multiple of TILE_K when few output tiles and a long K call for split-K. */
function sliceK(ctx: GpuContext, M: number, N: number, K: number, tiles: number): number {
  const fitsBinding = Math.floor(ctx.limits.maxStorageBufferBindingSize / (4 * M * N));
  const splits = Math.min(MAX_SPLITS, ceilDiv(TARGET_WORKGROUPS, tiles), Math.floor(K / MIN_SLICE_K), fitsBinding);
  if (splits <= 1) return K;
  return ceilDiv(ceilDiv(K, splits), TILE_K) * TILE_K;
}

const scratchPools = new WeakMap<GpuContext, Map<number, Tensor>>();

/** A scratch tensor of n floats shared by all launches on `ctx` that need that size (see the header). */
function scratch(ctx: GpuContext, n: number): Tensor {
  let pool = scratchPools.get(ctx);
  if (!pool) scratchPools.set(ctx, (pool = new Map()));
  let t = pool.get(n);
  if (!t) pool.set(n, (t = ctx.tensor(`matmul.scratch[${n}]`, [n])));
  return t;
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
