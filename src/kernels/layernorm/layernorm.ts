// Launchers for LayerNorm (GPT-2, eps 1e-5): forward (alone, or fused with the residual add before it), and an
// accumulating backward that is deterministic
// without atomics (per-row input gradient; weight/bias gradients as per-row-block partials + a final sum).
// The row kernels and the final sum are followed by their tree reduction (reduce/tree-reduce.ts).
// Tested by layernorm.test.ts against layernorm.ref.ts.

import { treeReduce } from '../reduce/tree-reduce';
import { ceilDiv, grid, rowWorkgroupSize, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import backwardSource from './layernorm_backward.wgsl?raw';
import finalSource from './layernorm_dparams_final.wgsl?raw';
import partialCode from './layernorm_dparams_partial.wgsl?raw';
import forwardSource from './layernorm_forward.wgsl?raw';

const sum = treeReduce({ fn: 'workgroup_sum', type: 'f32', combine: '+' });
const sum2 = treeReduce({ fn: 'workgroup_sum2', type: 'vec2<f32>', combine: '+' });
/** The first pass's input: `inp` as given, or the residual add a + b written into `inp` (binding 3) as it is read. */
const PLAIN_INPUT = `@group(0) @binding(3) var<storage, read> inp: array<f32>; // (N, C)
fn first_pass_x(i: u32) -> f32 { return inp[i]; }`;
const RESIDUAL_INPUT = `@group(0) @binding(3) var<storage, read_write> inp: array<f32>; // (N, C): a + b, written here
@group(0) @binding(7) var<storage, read> res_a: array<f32>; // (N, C)
@group(0) @binding(8) var<storage, read> res_b: array<f32>; // (N, C)
fn first_pass_x(i: u32) -> f32 {
  let x = res_a[i] + res_b[i];
  inp[i] = x;
  return x;
}`;
const forwardCode = `${PLAIN_INPUT}\n${forwardSource}\n${sum}`;
const residualForwardCode = `${RESIDUAL_INPUT}\n${forwardSource}\n${sum}`;
const backwardCode = `${backwardSource}\n${sum2}`;
const finalCode = `${finalSource}\n${sum2}`;

/** Channels per workgroup of the partial weight/bias sums. */
const WG_PARTIAL = 128;
/** At most this many row blocks of weight/bias partials: enough workgroups to fill a large GPU, few enough
 * that the final pass loads about one partial per invocation (WG per channel). */
const MAX_BLOCKS = 256;
/** Rows per partial block at least this, so small N does not make a block per row. */
const MIN_ROWS_PER_BLOCK = 8;

function checkDims(kernel: string, N: number, C: number): void {
  if (!Number.isInteger(N) || N < 1 || !Number.isInteger(C) || C < 1) {
    throw new Error(`${kernel}: N and C must be positive integers (got N=${N}, C=${C})`);
  }
}

/** out = (inp - mean) * rstd * weight + bias per row; saves mean and rstd for backward. */
export function layernormForward(
  ctx: GpuContext,
  out: Tensor, // (N, C)
  mean: Tensor, // (N)
  rstd: Tensor, // (N)
  inp: Tensor, // (N, C)
  weight: Tensor, // (C)
  bias: Tensor, // (C)
  N: number,
  C: number,
): Dispatch[] {
  const k = 'layernormForward';
  checkDims(k, N, C);
  expectLength(k, 'out', out, N * C);
  expectLength(k, 'mean', mean, N);
  expectLength(k, 'rstd', rstd, N);
  expectLength(k, 'inp', inp, N * C);
  expectLength(k, 'weight', weight, C);
  expectLength(k, 'bias', bias, C);
  const params = ctx.uniform('layernorm_forward.params', [['u32', N], ['u32', C]]);
  return [
    ctx.dispatch({ name: 'layernorm_forward', code: forwardCode, constants: { WG: rowWorkgroupSize(C) } }, [out, mean, rstd, inp, weight, bias, params], grid(N)),
  ];
}

/** The residual add and the LayerNorm after it in one pass: res = a + b (the residual stream, kept for the next
 *  block and for backward), then out, mean and rstd of LayerNorm(res), exactly as residualForward followed by
 *  layernormForward compute them (the same adds, the same reduction order), in one dispatch instead of two. */
export function residualLayernormForward(
  ctx: GpuContext,
  res: Tensor, // (N, C) written: a + b
  out: Tensor, // (N, C)
  mean: Tensor, // (N)
  rstd: Tensor, // (N)
  a: Tensor, // (N, C)
  b: Tensor, // (N, C)
  weight: Tensor, // (C)
  bias: Tensor, // (C)
  N: number,
  C: number,
): Dispatch[] {
  const k = 'residualLayernormForward';
  checkDims(k, N, C);
  const sizes: Array<[string, Tensor, number]> = [['res', res, N * C], ['out', out, N * C], ['mean', mean, N], ['rstd', rstd, N], ['a', a, N * C], ['b', b, N * C], ['weight', weight, C], ['bias', bias, C]];
  for (const [name, t, n] of sizes) expectLength(k, name, t, n);
  const params = ctx.uniform('residual_layernorm_forward.params', [['u32', N], ['u32', C]]);
  return [
    ctx.dispatch({ name: 'residual_layernorm_forward', code: residualForwardCode, constants: { WG: rowWorkgroupSize(C) } }, [out, mean, rstd, res, weight, bias, params, a, b], grid(N)),
  ];
}

/**
 * ACCUMULATES: dinp += ..., dweight += ..., dbias += ... (llm.c layernorm_backward semantics).
 * Deterministic, no atomics: dinp one workgroup per row; dweight/dbias via per-row-block partial sums in a
 * scratch buffer allocated here (at plan time), then a fixed-order sum per channel.
 */
export function layernormBackward(
  ctx: GpuContext,
  dinp: Tensor, // (N, C)
  dweight: Tensor, // (C)
  dbias: Tensor, // (C)
  dout: Tensor, // (N, C)
  inp: Tensor, // (N, C)
  weight: Tensor, // (C)
  mean: Tensor, // (N)
  rstd: Tensor, // (N)
  N: number,
  C: number,
): Dispatch[] {
  const k = 'layernormBackward';
  checkDims(k, N, C);
  expectLength(k, 'dinp', dinp, N * C);
  expectLength(k, 'dweight', dweight, C);
  expectLength(k, 'dbias', dbias, C);
  expectLength(k, 'dout', dout, N * C);
  expectLength(k, 'inp', inp, N * C);
  expectLength(k, 'weight', weight, C);
  expectLength(k, 'mean', mean, N);
  expectLength(k, 'rstd', rstd, N);

  const rowsPerBlock = Math.max(MIN_ROWS_PER_BLOCK, ceilDiv(N, MAX_BLOCKS));
  const blocks = ceilDiv(N, rowsPerBlock);
  const partial = ctx.tensor('layernorm_backward.partial', [blocks, C, 2]);

  const dims = ctx.uniform('layernorm_backward.params', [['u32', N], ['u32', C]]);
  const partialParams = ctx.uniform('layernorm_dparams_partial.params', [['u32', N], ['u32', C], ['u32', rowsPerBlock]]);
  const finalParams = ctx.uniform('layernorm_dparams_final.params', [['u32', C], ['u32', blocks]]);
  return [
    ctx.dispatch({ name: 'layernorm_backward', code: backwardCode, constants: { WG: rowWorkgroupSize(C) } }, [dinp, dout, inp, weight, mean, rstd, dims], grid(N)),
    ctx.dispatch(
      { name: 'layernorm_dparams_partial', code: partialCode, constants: { WG: WG_PARTIAL } },
      [partial, dout, inp, mean, rstd, partialParams],
      [ceilDiv(C, WG_PARTIAL), blocks],
    ),
    ctx.dispatch({ name: 'layernorm_dparams_final', code: finalCode, constants: { WG: rowWorkgroupSize(blocks) } }, [dweight, dbias, partial, finalParams], grid(C)),
  ];
}
