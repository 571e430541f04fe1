// Launcher for the reward model's pairwise ranking loss over groups of ranked responses (ranking.wgsl).
// Tested by ranking.test.ts against ranking.ref.ts.

import { treeReduce } from '../reduce/tree-reduce';
import type { Dispatch, GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import source from './ranking.wgsl?raw';

const code = `${source}\n${treeReduce({ fn: 'workgroup_sum', type: 'vec3<f32>', combine: '+' })}`;

/** Largest K: C(K,2) pairs per group are summed in one invocation. */
export const MAX_RANKED = 64;

/**
 * out[outIndex..+2] = (loss, accuracy, margin) means over the G groups named by `groups[0]`, group g being scores
 * [offsets[g], offsets[g+1]) ranked best first (K_g >= 2); dscores (N) = d loss / d scores (OVERWRITTEN).
 * `offsets` (maxGroups+1) u32 and `groups` (1) u32 are written per step by the caller (validated there).
 */
export function rankingLoss(ctx: GpuContext, out: Tensor, outIndex: number, dscores: Tensor, scores: Tensor, offsets: Tensor, groups: Tensor, N: number, maxGroups: number): Dispatch[] {
  const k = 'rankingLoss';
  if (!Number.isInteger(N) || N < 2) throw new Error(`${k}: N must be an integer >= 2 (got ${N})`);
  if (!Number.isInteger(maxGroups) || maxGroups < 1) throw new Error(`${k}: maxGroups must be a positive integer (got ${maxGroups})`);
  if (!Number.isInteger(outIndex) || outIndex < 0 || outIndex + 3 > out.length) throw new Error(`${k}: elements ${outIndex}..${outIndex + 2} are outside out (${out.label})`);
  expectLength(k, 'dscores', dscores, N);
  expectLength(k, 'scores', scores, N);
  expectLength(k, 'offsets', offsets, maxGroups + 1);
  expectLength(k, 'groups', groups, 1);
  if (offsets.dtype !== 'u32' || groups.dtype !== 'u32') throw new Error(`${k}: offsets and groups must be u32`);
  const params = ctx.uniform('ranking.params', [['u32', N], ['u32', outIndex]]);
  return [ctx.dispatch({ name: 'ranking_loss', code, constants: { WG: 64 } }, [out, dscores, scores, offsets, groups, params], [1])];
}

/**
 * Host-side check and packing of one step's groups: sizes K_g (each 2..MAX_RANKED, summing to at most N) into
 * the offsets array the kernel reads.
 */
export function packGroups(sizes: readonly number[], N: number, maxGroups: number): Uint32Array {
  if (sizes.length < 1 || sizes.length > maxGroups) throw new Error(`rankingLoss: ${sizes.length} groups, expected 1..${maxGroups}`);
  const offsets = new Uint32Array(maxGroups + 1);
  let at = 0;
  sizes.forEach((K, g) => {
    if (!Number.isInteger(K) || K < 2 || K > MAX_RANKED) throw new Error(`rankingLoss: group ${g} has ${K} responses, expected 2..${MAX_RANKED}`);
    offsets[g] = at;
    at += K;
  });
  if (at > N) throw new Error(`rankingLoss: the groups hold ${at} responses, more than the ${N} scores`);
  offsets.fill(at, sizes.length);
  return offsets;
}
