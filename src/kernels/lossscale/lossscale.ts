// Launcher for lossscale.wgsl: multiplies a loss gradient in place by the loss scale S held on the GPU (the
// first element of the scaler's state, see gradnorm.ts gradNormLossScaled). Tested by lossscale.test.ts.

import { ceilDiv, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import { LOSS_SCALE_STATE_LENGTH } from '../gradnorm/gradnorm';
import code from './lossscale.wgsl?raw';

const WG = 256;
/** Workgroups at most (grid-stride loop), as adamw.ts. */
const MAX_GROUPS = 4096;

/** x (n) *= state[0], in place. */
export function scaleByLossScale(ctx: GpuContext, x: Tensor, state: Tensor, n: number): Dispatch[] {
  const k = 'scaleByLossScale';
  if (!Number.isInteger(n) || n < 1) throw new Error(`${k}: n must be a positive integer, got ${n}`);
  expectLength(k, 'x', x, n);
  expectLength(k, 'state', state, LOSS_SCALE_STATE_LENGTH);
  const params = ctx.uniform(`${k}.params`, [['u32', n]]);
  return [ctx.dispatch({ name: 'loss_scale_gradient', code, constants: { WG } }, [x, state, params], [Math.min(ceilDiv(n, WG), MAX_GROUPS)])];
}
