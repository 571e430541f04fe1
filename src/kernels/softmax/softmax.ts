// Launchers for row softmax: forward (online max/sum, numerically stable) and backward.
// Tested by softmax.test.ts against softmax.ref.ts.

import { grid, rowWorkgroupSize, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import backwardCode from './softmax_backward.wgsl?raw';
import forwardCode from './softmax_forward.wgsl?raw';


function checkDims(kernel: string, N: number, V: number): void {
  if (!Number.isInteger(N) || N < 1 || !Number.isInteger(V) || V < 1) {
    throw new Error(`${kernel}: N and V must be positive integers (got N=${N}, V=${V})`);
  }
}

/** out[i] = softmax(inp[i]) for each row i; both (N, V). */
export function softmaxForward(ctx: GpuContext, out: Tensor, inp: Tensor, N: number, V: number): Dispatch[] {
  checkDims('softmaxForward', N, V);
  expectLength('softmaxForward', 'out', out, N * V);
  expectLength('softmaxForward', 'inp', inp, N * V);
  const params = ctx.uniform('softmax_forward.params', [['u32', N], ['u32', V]]);
  return [ctx.dispatch({ name: 'softmax_forward', code: forwardCode, constants: { WG: rowWorkgroupSize(V) } }, [out, inp, params], grid(N))];
}

/** dinp = out ∘ (dout − rowsum(dout ∘ out)), all (N, V); OVERWRITES dinp. */
export function softmaxBackward(ctx: GpuContext, dinp: Tensor, dout: Tensor, out: Tensor, N: number, V: number): Dispatch[] {
  checkDims('softmaxBackward', N, V);
  expectLength('softmaxBackward', 'dinp', dinp, N * V);
  expectLength('softmaxBackward', 'dout', dout, N * V);
  expectLength('softmaxBackward', 'out', out, N * V);
  const params = ctx.uniform('softmax_backward.params', [['u32', N], ['u32', V]]);
  return [ctx.dispatch({ name: 'softmax_backward', code: backwardCode, constants: { WG: rowWorkgroupSize(V) } }, [dinp, dout, out, params], grid(N))];
}
