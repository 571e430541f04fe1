// Launcher for the global gradient norm and clip scale: stage 1 is reduce's weighted-sum partials with
// w = grads (sum of squares over many workgroups), stage 2 is gradnorm.wgsl. All on the GPU, deterministic,
// scratch allocated here at plan time; gradNormLossScaled is the same with dynamic loss scaling (mixed
// precision). Tested by gradnorm.test.ts against gradnorm.ref.ts.

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

/** Where the loss scaler's state and metrics live and how it moves (LossScaler in engine/train/loss-scaler.ts). */
export interface LossScaleSpec {
  /** (3) f32: S, finite steps since S last changed, steps skipped so far. */
  state: Tensor;
  /** Slots of `norm` that receive the S a step used and the steps skipped so far. */
  scaleIndex: number;
  skippedIndex: number;
  growthInterval: number;
  growthFactor: number;
  backoffFactor: number;
}

/** Length of gradNormLossScaled's scale tensor: [multiplier (clip scale / S), skip flag (1 = skip the step)]. */
export const SCALED_GRAD_SCALE_LENGTH = 2;
export const LOSS_SCALE_STATE_LENGTH = 3;

/**
 * gradNorm for gradients that hold S = state[0] times the true ones: norm[normIndex] = true norm; scale = [clip
 * scale / S, 1 if any gradient (or the sum of squares) is not finite else 0]; then S halves (backoffFactor)
 * after such a step, or grows (growthFactor) after growthInterval finite steps in a row; norm[scaleIndex] = the
 * S used, norm[skippedIndex] = steps skipped so far. All on the GPU (gradnorm.wgsl main_loss_scaled).
 */
export function gradNormLossScaled(ctx: GpuContext, norm: Tensor, scale: Tensor, grads: Tensor, N: number, maxNorm: number, normIndex: number, spec: LossScaleSpec): Dispatch[] {
  const k = 'gradNormLossScaled';
  expectLength(k, 'scale', scale, SCALED_GRAD_SCALE_LENGTH);
  expectLength(k, 'state', spec.state, LOSS_SCALE_STATE_LENGTH);
  for (const [what, i] of [['normIndex', normIndex], ['scaleIndex', spec.scaleIndex], ['skippedIndex', spec.skippedIndex]] as const) {
    if (!Number.isInteger(i) || i < 0 || i >= norm.length) throw new Error(`${k}: ${what} ${i} is outside norm (${norm.label}, ${norm.length} elements)`);
  }
  if (!(maxNorm >= 0)) throw new Error(`${k}: maxNorm must be >= 0 (0 disables clipping), got ${maxNorm}`);
  if (!(spec.growthInterval >= 1 && spec.growthFactor > 1 && spec.backoffFactor > 0 && spec.backoffFactor < 1)) {
    throw new Error(`${k}: needs growthInterval >= 1, growthFactor > 1 and 0 < backoffFactor < 1`);
  }
  const { partials, dispatch } = weightedSumPartials(ctx, k, grads, grads, N);
  const params = ctx.uniform(`${k}.params`, [['u32', partials.length], ['u32', normIndex], ['f32', maxNorm]]);
  const lossScale = ctx.uniform(`${k}.lossScale`, [
    ['u32', spec.scaleIndex], ['u32', spec.skippedIndex], ['f32', spec.growthInterval], ['f32', spec.growthFactor], ['f32', spec.backoffFactor],
  ]);
  return [dispatch, ctx.dispatch({ name: 'gradnorm_loss_scaled', code, entryPoint: 'main_loss_scaled', constants: { WG } }, [norm, scale, partials, params, spec.state, lossScale], [1])];
}
