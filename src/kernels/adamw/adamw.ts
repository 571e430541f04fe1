// Launcher for adamw.wgsl: the AdamW step over one flat parameter tensor. Tested by adamw.test.ts.

import { ceilDiv, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import code from './adamw.wgsl?raw';

const WG = 256;
/** Workgroups at most (grid-stride loop): a few waves of a large GPU. */
const MAX_GROUPS = 4096;

/** Length of the hyperparameter tensor: [lr, beta1, beta2, eps, weightDecay, bc1, bc2, unused]. */
export const ADAMW_HYPER_LENGTH = 8;

/**
 * One AdamW step, in place on params, m, v over N elements. hyper: (8) f32 written by the trainer each step
 * (see ADAMW_HYPER_LENGTH); gradScale: (1) f32 from gradNorm, multiplied into the gradient first.
 * decay=false ignores weightDecay (biases, LayerNorm and other 1-D params).
 * skipFlagged (mixed precision): gradScale is (2) from gradNormLossScaled, [multiplier, skip flag], and a step
 * whose flag is set changes nothing.
 */
export function adamw(ctx: GpuContext, params: Tensor, grads: Tensor, m: Tensor, v: Tensor, hyper: Tensor, gradScale: Tensor, N: number, decay: boolean, skipFlagged = false): Dispatch[] {
  const k = 'adamw';
  expectLength(k, 'params', params, N);
  expectLength(k, 'grads', grads, N);
  expectLength(k, 'm', m, N);
  expectLength(k, 'v', v, N);
  expectLength(k, 'hyper', hyper, ADAMW_HYPER_LENGTH);
  expectLength(k, 'gradScale', gradScale, skipFlagged ? 2 : 1);
  const uniforms = ctx.uniform('adamw.params', [['u32', N]]);
  // The f32 path passes the constants it always did (same pipeline key); SKIP_FLAGGED only when set.
  const constants: Record<string, number> = { WG, DECAY: decay ? 1 : 0, ...(skipFlagged ? { SKIP_FLAGGED: 1 } : {}) };
  return [ctx.dispatch({ name: skipFlagged ? 'adamw_skip_flagged' : 'adamw', code, constants }, [params, grads, m, v, hyper, gradScale, uniforms], [Math.min(ceilDiv(N, WG), MAX_GROUPS)])];
}
