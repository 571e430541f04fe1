// Launcher for attention_decode.wgsl: causal self-attention of one query per batch row, at that row's own
// position, over the keys and values already in the layer's qkv buffer (the KV cache of KV-cache decoding).
// Tested by attention-decode.test.ts against attention-decode.ref.ts and against attentionForward's rows.

import { treeReduce } from '../reduce/tree-reduce';
import { grid, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import decodeCode from './attention_decode.wgsl?raw';

const KERNEL = 'attentionDecode';
/** Invocations per workgroup: at least the key tile (<= 64) and the vec4s of a head (HS/4 <= 32). */
const WG = 64;
/** Largest head size, as attentionForward's. */
const MAX_HS = 128;

/**
 * Keys per tile: attention.ts's forward key tile (rows of k and v that fit 16 KiB, at most 64), so that this
 * kernel visits keys in the same tiles as attentionForward and rounds its sums the same way.
 */
function keyTile(HS: number): number {
  return Math.min(64, Math.floor(16384 / (4 * 2 * HS)));
}

/**
 * out (B,C): for each row b and head h, attention of the query at position pos[b] of qkv (B,T,3C) over the keys
 * and values at positions 0..pos[b] of row b (causal, scale 1/sqrt(HS)); pos (B) u32, each < T (a larger one is
 * clamped to T-1 on the GPU). The same values as attentionForward's out[b, pos[b], :].
 */
export function attentionDecode(ctx: GpuContext, out: Tensor, qkv: Tensor, pos: Tensor, B: number, T: number, C: number, NH: number): Dispatch[] {
  const HS = C / NH;
  if (!(Number.isInteger(B) && B >= 1 && Number.isInteger(T) && T >= 1 && Number.isInteger(HS) && HS % 4 === 0 && HS <= MAX_HS)) {
    throw new Error(`${KERNEL}: needs B, T >= 1 and head size C/NH a multiple of 4 up to ${MAX_HS} (got B=${B} T=${T} C=${C} NH=${NH})`);
  }
  expectLength(KERNEL, 'out (B,C)', out, B * C);
  expectLength(KERNEL, 'qkv (B,T,3C)', qkv, B * T * 3 * C);
  expectLength(KERNEL, 'pos (B)', pos, B);
  if (pos.dtype !== 'u32') throw new Error(`${KERNEL}: pos (${pos.label}) must be u32, got ${pos.dtype}`);
  const KT = keyTile(HS);
  const consts = `const HS: u32 = ${HS}u;\nconst KT: u32 = ${KT}u;\nconst WG: u32 = ${WG}u;\n`;
  const code = consts + decodeCode + treeReduce({ fn: 'workgroup_max', type: 'f32', combine: 'max_merge' });
  const params = ctx.uniform('attention_decode.params', [['u32', B], ['u32', T], ['u32', C], ['u32', NH], ['f32', 1 / Math.sqrt(HS)]]);
  return [ctx.dispatch({ name: `attention_decode_hs${HS}_kt${KT}`, code }, [out, qkv, pos, params], grid(B * NH))];
}
