// Launchers for row softmax: forward (online max/sum, numerically stable) and backward, each shader followed by
// the shared snippets it calls. Tested by softmax.test.ts against softmax.ref.ts.

import { treeReduce } from '../reduce/tree-reduce';
import { grid, rowWorkgroupSize, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import onlineSoftmaxCode from './online_softmax.wgsl?raw';
import backwardSource from './softmax_backward.wgsl?raw';
import forwardSource from './softmax_forward.wgsl?raw';

/**
 * online_softmax.wgsl and `workgroup_max_sum(acc, tid)`, the tree reduction of its (max, sum) pairs over a
 * workgroup of WG invocations: appended by every row kernel that runs an online softmax (here, crossentropy).
 */
export const ONLINE_SOFTMAX_WGSL = `${onlineSoftmaxCode}\n${treeReduce({ fn: 'workgroup_max_sum', type: 'vec2<f32>', combine: 'online_softmax_merge' })}`;

const forwardCode = `${forwardSource}\n${ONLINE_SOFTMAX_WGSL}`;
const backwardCode = `${backwardSource}\n${treeReduce({ fn: 'workgroup_sum', type: 'f32', combine: '+' })}`;

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
