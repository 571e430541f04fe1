// Launchers for residual.wgsl: elementwise add and accumulate-add. Tested by residual.test.ts.

import { ceilDiv, grid, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import code from './residual.wgsl?raw';

const WG = 256;

/** out = a + b, all (N). */
export function residualForward(ctx: GpuContext, out: Tensor, a: Tensor, b: Tensor): Dispatch {
  const n = out.length;
  expectLength('residual', 'a', a, n);
  expectLength('residual', 'b', b, n);
  return launch(ctx, out, a, b, 0);
}

/** out += a, both (N). Used to sum gradients arriving from two branches. */
export function accumulate(ctx: GpuContext, out: Tensor, a: Tensor): Dispatch {
  expectLength('accumulate', 'a', a, out.length);
  return launch(ctx, out, a, a, 1);
}

function launch(ctx: GpuContext, out: Tensor, a: Tensor, b: Tensor, acc: number): Dispatch {
  const params = ctx.uniform('residual.params', [['u32', out.length], ['u32', acc]]);
  return ctx.dispatch({ name: acc ? 'accumulate' : 'residual', code, constants: { WG } }, [out, a, b, params], grid(ceilDiv(out.length, WG)));
}
