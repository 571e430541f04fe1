// Launchers for PPO's per-token kernels: the clipped policy objective (coefficients that scale the cross-entropy
// gradient, plus metric terms), the clipped value loss (the value head's dvalues, plus metric terms), the row
// scaling that applies the coefficients, and the per-row entropy. Tested by ppo.test.ts against ppo.ref.ts.

import { treeReduce } from '../reduce/tree-reduce';
import { ceilDiv, grid, rowWorkgroupSize, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import entropySource from './entropy.wgsl?raw';
import policyCode from './ppo_policy.wgsl?raw';
import scaleCode from './scale_rows.wgsl?raw';
import valueCode from './ppo_value.wgsl?raw';

const WG = 256;
const entropyCode = `${entropySource}\n${treeReduce({ fn: 'workgroup_merge', type: 'vec3<f32>', combine: 'merge' })}`;

function checkN(kernel: string, N: number): void {
  if (!Number.isInteger(N) || N < 1) throw new Error(`${kernel}: N must be a positive integer (got ${N})`);
}

function expectAll(kernel: string, N: number, tensors: Record<string, Tensor>): void {
  for (const [name, t] of Object.entries(tensors)) expectLength(kernel, name, t, N);
}

export interface PolicyTerms {
  coef: Tensor; // (N) factor for the cross-entropy gradient rows
  pg: Tensor; // (N) per-token clipped objective
  clipped: Tensor; // (N) 0/1
  kl2: Tensor; // (N) ½(logp − logpOld)²
}

/** Per-token clipped policy objective; `losses` = −log π_new(token) from the cross-entropy kernel. */
export function ppoPolicy(ctx: GpuContext, out: PolicyTerms, losses: Tensor, logpOld: Tensor, adv: Tensor, mask: Tensor, N: number, clip: number): Dispatch[] {
  const k = 'ppoPolicy';
  checkN(k, N);
  expectAll(k, N, { ...out, losses, logpOld, adv, mask });
  if (!(clip > 0)) throw new Error(`${k}: the clip range must be > 0 (got ${clip})`);
  const params = ctx.uniform('ppo_policy.params', [['u32', N], ['f32', clip]]);
  return [ctx.dispatch({ name: 'ppo_policy', code: policyCode, constants: { WG } }, [out.coef, out.pg, out.clipped, out.kl2, losses, logpOld, adv, mask, params], grid(ceilDiv(N, WG)))];
}

export interface ValueTerms {
  dvalues: Tensor; // (N) gradient for the value head
  vf: Tensor; // (N) per-token clipped value loss
  clipped: Tensor; // (N) 0/1
}

/** Per-token clipped value loss and the value head's gradient (vfCoef·mask·dvf/dvpred). */
export function ppoValue(ctx: GpuContext, out: ValueTerms, values: Tensor, valuesOld: Tensor, returns: Tensor, mask: Tensor, N: number, clip: number, vfCoef: number): Dispatch[] {
  const k = 'ppoValue';
  checkN(k, N);
  expectAll(k, N, { ...out, values, valuesOld, returns, mask });
  if (!(clip > 0)) throw new Error(`${k}: the value clip range must be > 0 (got ${clip})`);
  const params = ctx.uniform('ppo_value.params', [['u32', N], ['f32', clip], ['f32', vfCoef]]);
  return [ctx.dispatch({ name: 'ppo_value', code: valueCode, constants: { WG } }, [out.dvalues, out.vf, out.clipped, values, valuesOld, returns, mask, params], grid(ceilDiv(N, WG)))];
}

/** x (N, V) rows scaled in place by scale (N). */
export function scaleRows(ctx: GpuContext, x: Tensor, scale: Tensor, N: number, V: number): Dispatch[] {
  const k = 'scaleRows';
  checkN(k, N);
  expectLength(k, 'x', x, N * V);
  expectLength(k, 'scale', scale, N);
  const params = ctx.uniform('scale_rows.params', [['u32', N], ['u32', V]]);
  return [ctx.dispatch({ name: 'scale_rows', code: scaleCode, constants: { WG } }, [x, scale, params], grid(ceilDiv(N * V, WG)))];
}

/** entropy (N) of softmax over each row of logits (N, V). */
export function rowEntropy(ctx: GpuContext, entropy: Tensor, logits: Tensor, N: number, V: number): Dispatch[] {
  const k = 'rowEntropy';
  checkN(k, N);
  expectLength(k, 'entropy', entropy, N);
  expectLength(k, 'logits', logits, N * V);
  const params = ctx.uniform('entropy.params', [['u32', N], ['u32', V]]);
  return [ctx.dispatch({ name: 'row_entropy', code: entropyCode, constants: { WG: rowWorkgroupSize(V) } }, [entropy, logits, params], grid(N))];
}
