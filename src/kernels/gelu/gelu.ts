// Launchers for GELU (tanh approximation, as GPT-2): elementwise forward and backward.
// Tested by gelu.test.ts against gelu.ref.ts.

import { ceilDiv, grid, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import backwardCode from './gelu_backward.wgsl?raw';
import forwardCode from './gelu_forward.wgsl?raw';

const WG = 256;

function checkN(kernel: string, N: number): void {
  if (!Number.isInteger(N) || N < 1) throw new Error(`${kernel}: N must be a positive integer (got ${N})`);
}

/** out = gelu(inp), both (N). */
export function geluForward(ctx: GpuContext, out: Tensor, inp: Tensor, N: number): Dispatch[] {
  checkN('geluForward', N);
  expectLength('geluForward', 'out', out, N);
  expectLength('geluForward', 'inp', inp, N);
  const params = ctx.uniform('gelu_forward.params', [['u32', N]]);
  return [ctx.dispatch({ name: 'gelu_forward', code: forwardCode, constants: { WG } }, [out, inp, params], grid(ceilDiv(N, WG)))];
}

/** dinp = gelu'(inp) * dout, all (N); OVERWRITES dinp. */
export function geluBackward(ctx: GpuContext, dinp: Tensor, inp: Tensor, dout: Tensor, N: number): Dispatch[] {
  checkN('geluBackward', N);
  expectLength('geluBackward', 'dinp', dinp, N);
  expectLength('geluBackward', 'inp', inp, N);
  expectLength('geluBackward', 'dout', dout, N);
  const params = ctx.uniform('gelu_backward.params', [['u32', N]]);
  return [ctx.dispatch({ name: 'gelu_backward', code: backwardCode, constants: { WG } }, [dinp, inp, dout, params], grid(ceilDiv(N, WG)))];
}
