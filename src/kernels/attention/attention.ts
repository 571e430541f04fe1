// Launchers for fused causal self-attention (flash-attention style), forward and backward.
// Forward: one kernel (attention_forward.wgsl). Backward: attention_dq.wgsl (dQ and D = rowsum(dO ∘ O) into a
// scratch buffer made here at plan time), then attention_dkdv.wgsl (dK, dV). One thread per query row (or one
// or two per key row) with the other operand streamed through workgroup-memory tiles sized from HS to fit
// 16 KiB. HS and the tile sizes are written into the WGSL as constants, and into the kernel name.
// Sizes were chosen by timing on an NVIDIA H200 (Dawn/Vulkan). Tested by attention.test.ts against attention.ref.ts.

import { ceilDiv, grid, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import dkdvCode from './attention_dkdv.wgsl?raw';
import dqCode from './attention_dq.wgsl?raw';
import forwardCode from './attention_forward.wgsl?raw';

/** Workgroup memory every adapter offers (the WebGPU default maxComputeWorkgroupStorageSize). */
const SHARED_BYTES = 16384;
/** Largest head size tested; per-thread register arrays grow with HS. */
const MAX_HS = 128;

/** Rows of a workgroup-memory tile of `floatsPerRow` f32 each that fit in SHARED_BYTES, at most 64. */
function tileRows(floatsPerRow: number): number {
  return Math.min(64, Math.floor(SHARED_BYTES / (4 * floatsPerRow)));
}

/**
 * Threads per workgroup. On an H200 at T = 256 and 1024, 128 (more warps sharing each staged tile) ran the
 * forward 20-30%, dQ 7-17% and dK/dV 3-17% faster than 64; 64 wastes fewer threads on short sequences.
 */
function threads(T: number): number {
  return T > 64 ? 128 : 64;
}

/**
 * Threads per key in the dK/dV kernel. One thread holds k, v, dk and dv (4*HS floats), which spills registers
 * at HS >= 64: splitting dk, dv over 2 threads ran 1.5x faster at HS = 64 and 2.3x at HS = 128 on an H200
 * (T = 1024), while at HS = 32 it was 1.7x slower (both threads compute every score).
 */
function dkdvSplit(HS: number): number {
  return HS >= 64 && HS % 8 === 0 ? 2 : 1;
}

/** Checks the dimensions and returns the head size HS = C / NH. */
function headSize(kernel: string, B: number, T: number, C: number, NH: number): number {
  const HS = C / NH;
  if (!(B >= 1 && T >= 1 && Number.isInteger(HS) && HS % 4 === 0 && HS <= MAX_HS)) {
    throw new Error(`${kernel}: needs B, T >= 1 and head size C/NH a multiple of 4 up to ${MAX_HS} (got B=${B} T=${T} C=${C} NH=${NH})`);
  }
  return HS;
}

function params(ctx: GpuContext, B: number, T: number, C: number, NH: number, HS: number): GPUBuffer {
  return ctx.uniform('attention.params', [['u32', B], ['u32', T], ['u32', C], ['u32', NH], ['f32', 1 / Math.sqrt(HS)]]);
}

/** WGSL `const` declarations the shaders expect in front of their code. */
function consts(values: Record<string, number>): string {
  return Object.entries(values).map(([k, v]) => `const ${k}: u32 = ${v}u;\n`).join('');
}

/**
 * out (B,T,C) and lse (B,NH,T) from qkv (B,T,3C). qkv per token is [q (C) | k (C) | v (C)]; head h uses
 * channels h*HS..(h+1)*HS of each part, HS = C/NH. Causal, scale 1/sqrt(HS).
 * out[b,t,h*HS+d] = sum_{s<=t} softmax_s(q·k_s*scale) v_s[d];  lse[b,h,t] = log sum_{s<=t} exp(q·k_s*scale).
 */
export function attentionForward(ctx: GpuContext, out: Tensor, lse: Tensor, qkv: Tensor, B: number, T: number, C: number, NH: number): Dispatch[] {
  const HS = headSize('attentionForward', B, T, C, NH);
  expectLength('attentionForward', 'out (B,T,C)', out, B * T * C);
  expectLength('attentionForward', 'lse (B,NH,T)', lse, B * NH * T);
  expectLength('attentionForward', 'qkv (B,T,3C)', qkv, B * T * 3 * C);
  const BR = threads(T); // query rows, one thread each
  const BC = tileRows(2 * HS); // key and value rows
  const src = { name: `attention_forward_hs${HS}_br${BR}_bc${BC}`, code: consts({ HS, BR, BC }) + forwardCode };
  return [ctx.dispatch(src, [out, lse, qkv, params(ctx, B, T, C, NH, HS)], grid(B * NH * ceilDiv(T, BR)))];
}

/** dqkv (B,T,3C) (overwritten) from dout (B,T,C), recomputing attention from qkv, out and lse. */
export function attentionBackward(
  ctx: GpuContext, dqkv: Tensor, dout: Tensor, qkv: Tensor, out: Tensor, lse: Tensor,
  B: number, T: number, C: number, NH: number,
): Dispatch[] {
  const HS = headSize('attentionBackward', B, T, C, NH);
  expectLength('attentionBackward', 'dqkv (B,T,3C)', dqkv, B * T * 3 * C);
  expectLength('attentionBackward', 'dout (B,T,C)', dout, B * T * C);
  expectLength('attentionBackward', 'qkv (B,T,3C)', qkv, B * T * 3 * C);
  expectLength('attentionBackward', 'out (B,T,C)', out, B * T * C);
  expectLength('attentionBackward', 'lse (B,NH,T)', lse, B * NH * T);
  const delta = ctx.tensor('attention.delta', [B, NH, T]); // D = rowsum(dO ∘ O), from the dQ kernel to dK/dV
  const p = params(ctx, B, T, C, NH, HS);
  const BR = threads(T); // dQ: query rows, one thread each
  const BC = tileRows(2 * HS); // dQ: key and value rows per tile
  const SPLIT = dkdvSplit(HS);
  const BK = threads(T) / SPLIT; // dK/dV: key rows, SPLIT threads each
  const BQ = tileRows(2 * HS + 2); // dK/dV: query and dO rows with their lse and D per tile
  const dq = { name: `attention_dq_hs${HS}_br${BR}_bc${BC}`, code: consts({ HS, BR, BC }) + dqCode };
  const dkdv = { name: `attention_dkdv_hs${HS}_bk${BK}_bq${BQ}_split${SPLIT}`, code: consts({ HS, BK, BQ, SPLIT }) + dkdvCode };
  return [
    ctx.dispatch(dq, [dqkv, delta, dout, qkv, out, lse, p], grid(B * NH * ceilDiv(T, BR))),
    ctx.dispatch(dkdv, [dqkv, dout, qkv, lse, delta, p], grid(B * NH * ceilDiv(T, BK))),
  ];
}
