// Launcher for scatter_rows.wgsl: one row per batch row written at that row's own position of a (B, T, W)
// buffer, the step that puts a decoded token's q, k, v into the KV cache and its logits where the sampler reads
// them. Tested by scatter.test.ts against scatter.ref.ts.

import { ceilDiv, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import code from './scatter_rows.wgsl?raw';

const KERNEL = 'scatterRows';
const WG = 256;
/** Workgroups at most (grid-stride loop): a few waves of a large GPU. */
const MAX_GROUPS = 4096;

/**
 * out[b, pos[b], :] = rows[b, :]; the other positions of out are left as they are. out (B,T,W) f32, rows (B,W)
 * f32, pos (B) u32 with every pos[b] < T (a larger one is clamped to T-1 on the GPU).
 */
export function scatterRows(ctx: GpuContext, out: Tensor, rows: Tensor, pos: Tensor, B: number, T: number, W: number): Dispatch[] {
  for (const [name, v] of [['B', B], ['T', T], ['W', W]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${KERNEL}: ${name} must be a positive integer (got ${v})`);
  }
  expectLength(KERNEL, 'out (B,T,W)', out, B * T * W);
  expectLength(KERNEL, 'rows (B,W)', rows, B * W);
  expectLength(KERNEL, 'pos (B)', pos, B);
  if (out.dtype !== 'f32' || rows.dtype !== 'f32') throw new Error(`${KERNEL}: out (${out.label}) and rows (${rows.label}) must be f32`);
  if (pos.dtype !== 'u32') throw new Error(`${KERNEL}: pos (${pos.label}) must be u32, got ${pos.dtype}`);
  const n = B * W;
  const params = ctx.uniform('scatter_rows.params', [['u32', n], ['u32', T], ['u32', W]]);
  return [ctx.dispatch({ name: 'scatter_rows', code, constants: { WG } }, [out, rows, pos, params], [Math.min(ceilDiv(n, WG), MAX_GROUPS)])];
}
