// Launcher for the global gradient norm and clip scale: stage 1 is reduce's weighted-sum partials with
// w = grads (sum of squares over many workgroups), stage 2 is gradnorm.wgsl. All on the GPU, deterministic,
// scratch allocated here at plan time. Tested by gradnorm.test.ts against gradnorm.ref.ts.

import { weightedSumPartials } from '../reduce/reduce';
import { treeReduce } from '../reduce/tree-reduce';
import type { Dispatch, GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import source from './gradnorm.wgsl?raw';

const code = `${source}\n${treeReduce({ fn: 'workgroup_sum', type: 'f32', combine: '+' })}`;

const WG = 256;

/**
 * norm[normIndex] = sqrt(sum grads^2) over N; scale[0] = maxNorm > 0 ? min(1, maxNorm / (norm + 1e-6)) : 1.
 * `norm` may be any tensor (e.g. a metrics buffer); `scale` is (1) and feeds adamw's gradScale.
 */
export function gradNorm(ctx: GpuContext, norm: Tensor, scale: Tensor, grads: Tensor, N: number, maxNorm: number, normIndex = 0): Dispatch[] {
  const k = 'gradNorm';
  expectLength(k, 'scale', scale, 1);
  if (!Number.isInteger(normIndex) || normIndex < 0 || normIndex >= norm.length) {
    throw new Error(`${k}: normIndex ${normIndex} is outside norm (${norm.label}, ${norm.length} elements)`);
  }
  if (!(maxNorm >= 0)) throw new Error(`${k}: maxNorm must be >= 0 (0 disables clipping), got ${maxNorm}`);
  const { partials, dispatch } = weightedSumPartials(ctx, k, grads, grads, N);
  const params = ctx.uniform(`${k}.params`, [['u32', partials.length], ['u32', normIndex], ['f32', maxNorm]]);
  return [dispatch, ctx.dispatch({ name: 'gradnorm', code, constants: { WG } }, [norm, scale, partials, params], [1])];
}
