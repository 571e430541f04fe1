// Launcher for cross-entropy fused with softmax (per-row loss and weighted logit gradient in one kernel).
// The shader is followed by the online softmax and its tree reduction, shared with softmax_forward.wgsl.
// Tested by crossentropy.test.ts against crossentropy.ref.ts.

import { grid, rowWorkgroupSize, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import { ONLINE_SOFTMAX_WGSL } from '../softmax/softmax';
import source from './crossentropy.wgsl?raw';

const code = `${source}\n${ONLINE_SOFTMAX_WGSL}`;

/**
 * losses[i] = −log softmax(logits[i])[targets[i]] (unweighted per-row loss);
 * dlogits[i] = (softmax(logits[i]) − onehot(targets[i])) * weights[i] (OVERWRITTEN). targets u32 (N), each < V
 * (masked rows too: use any valid id); weights f32 (N).
 * The caller pre-normalizes weights (e.g. w_i / Σw) so that Σ weights[i]*losses[i] is the mean loss and dlogits
 * is its gradient; a weight of 0 masks a row (its dlogits are exactly 0).
 */
export function crossEntropyForwardBackward(
  ctx: GpuContext,
  losses: Tensor, // (N)
  dlogits: Tensor, // (N, V)
  logits: Tensor, // (N, V)
  targets: Tensor, // (N) u32
  weights: Tensor, // (N)
  N: number,
  V: number,
): Dispatch[] {
  const k = 'crossEntropyForwardBackward';
  if (!Number.isInteger(N) || N < 1 || !Number.isInteger(V) || V < 1) {
    throw new Error(`${k}: N and V must be positive integers (got N=${N}, V=${V})`);
  }
  expectLength(k, 'losses', losses, N);
  expectLength(k, 'dlogits', dlogits, N * V);
  expectLength(k, 'logits', logits, N * V);
  expectLength(k, 'targets', targets, N);
  expectLength(k, 'weights', weights, N);
  if (targets.dtype !== 'u32') throw new Error(`${k}: targets (${targets.label}) must be u32, got ${targets.dtype}`);
  const params = ctx.uniform('crossentropy.params', [['u32', N], ['u32', V]]);
  return [
    ctx.dispatch({ name: 'crossentropy_forward_backward', code, constants: { WG: rowWorkgroupSize(V) } }, [losses, dlogits, logits, targets, weights, params], grid(N)),
  ];
}
