// Launchers for the metric reductions (reduce_sum.wgsl, reduce_stats.wgsl): deterministic two-stage sums and
// activation summaries written into one element range of an output (metrics) tensor. weightedSumPartials is
// also stage 1 of gradnorm. Tested by reduce.test.ts against reduce.ref.ts.

import { ceilDiv, type Dispatch, type GpuContext, type KernelSource } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import statsWgsl from './reduce_stats.wgsl?raw';
import sumWgsl from './reduce_sum.wgsl?raw';
import { treeReduce } from './tree-reduce';

const statsCode = `${statsWgsl}\n${treeReduce({ fn: 'workgroup_moments', type: 'Moments', combine: 'merge' })}`;
const sumCode = `${sumWgsl}\n${treeReduce({ fn: 'workgroup_sum', type: 'f32', combine: '+' })}`;

const WG = 256;
/** Stage-1 workgroups at most: ~8 per SM of a large GPU; stage 2 (one workgroup) then sums <= 4 values per thread. */
const MAX_PARTIALS = 1024;
const STATS_FIELDS = 5; // count, mean, M2, min, max per stage-1 workgroup

/** How many stage-1 workgroups (partials) a reduction over N elements uses. */
function partialCount(N: number): number {
  return Math.min(ceilDiv(N, WG), MAX_PARTIALS);
}

/**
 * Stage 1 of a weighted sum: a scratch `partials` tensor (allocated here, at plan time) and the dispatch that
 * fills it with per-workgroup sums of a[i] * w[i] (a[i] when w is null) over N.
 */
export function weightedSumPartials(ctx: GpuContext, kernel: string, a: Tensor, w: Tensor | null, N: number): { partials: Tensor; dispatch: Dispatch } {
  expectN(kernel, N);
  expectLength(kernel, 'a', a, N);
  if (w) expectLength(kernel, 'w', w, N);
  const P = partialCount(N);
  const partials = ctx.tensor(`${kernel}.partials`, [P]);
  const params = ctx.uniform(`${kernel}.partials.params`, [['u32', N], ['u32', 0]]);
  const dispatch = ctx.dispatch(sumSource(w !== null), [partials, a, w ?? a, params], [P]);
  return { partials, dispatch };
}

/** out[outIndex] = sum_i a[i] * w[i] over N (plain sum when w is null). Used for the mean loss. */
export function weightedSum(ctx: GpuContext, out: Tensor, outIndex: number, a: Tensor, w: Tensor | null, N: number): Dispatch[] {
  const k = 'weightedSum';
  expectSlot(k, out, outIndex, 1);
  const { partials, dispatch } = weightedSumPartials(ctx, k, a, w, N);
  const params = ctx.uniform(`${k}.total.params`, [['u32', partials.length], ['u32', outIndex]]);
  return [dispatch, ctx.dispatch(sumSource(false), [out, partials, partials, params], [1])];
}

/** out[outIndex .. outIndex+3] = [mean, std (population), min, max] of a over N. For activation summaries. */
export function stats(ctx: GpuContext, out: Tensor, outIndex: number, a: Tensor, N: number): Dispatch[] {
  const k = 'stats';
  expectSlot(k, out, outIndex, 4);
  expectN(k, N);
  expectLength(k, 'a', a, N);
  const P = partialCount(N);
  const partials = ctx.tensor(`${k}.partials`, [P, STATS_FIELDS]);
  const stage1 = ctx.uniform(`${k}.partials.params`, [['u32', N], ['u32', 0]]);
  const stage2 = ctx.uniform(`${k}.total.params`, [['u32', P], ['u32', outIndex]]);
  return [
    ctx.dispatch({ name: 'reduce_stats', code: statsCode, constants: { WG, FINAL: 0 } }, [partials, a, stage1], [P]),
    ctx.dispatch({ name: 'reduce_stats_final', code: statsCode, constants: { WG, FINAL: 1 } }, [out, partials, stage2], [1]),
  ];
}

function sumSource(weighted: boolean): KernelSource {
  return { name: weighted ? 'reduce_weighted_sum' : 'reduce_sum', code: sumCode, constants: { WG, WEIGHTED: weighted ? 1 : 0 } };
}

function expectN(kernel: string, N: number): void {
  if (!Number.isInteger(N) || N < 1) throw new Error(`${kernel}: N must be a positive integer, got ${N}`);
}

function expectSlot(kernel: string, out: Tensor, index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index + count > out.length) {
    throw new Error(`${kernel}: elements ${index}..${index + count - 1} are outside out (${out.label}, ${out.length} elements)`);
  }
}
