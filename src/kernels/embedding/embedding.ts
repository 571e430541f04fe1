// Launchers for the token + position embedding (embedding_forward.wgsl, embedding_backward_wte.wgsl,
// embedding_backward_wpe.wgsl), its one-position-per-row form for KV-cache decoding (embedding_forward_at.wgsl),
// and the CPU bucket index the dwte pass reads. Tested by embedding.test.ts
// against embedding.ref.ts.

import { ceilDiv, grid, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, expectShape, type Tensor } from '../runtime/tensor';
import forwardAtCode from './embedding_forward_at.wgsl?raw';
import forwardCode from './embedding_forward.wgsl?raw';
import wpeCode from './embedding_backward_wpe.wgsl?raw';
import wteCode from './embedding_backward_wte.wgsl?raw';

const WG = 256;
/** Workgroups of the elementwise passes at most (grid-stride loops): a few waves of a large GPU. */
const MAX_GROUPS = 4096;
/** Threads (channels) per workgroup of the dwte passes. */
const WG_WTE = 64;
/** Positions of the sorted bucket list per dwte segment: each thread adds at most this many rows of dout. */
const SEG = 32;

/** Positions of a batch grouped by token id (built on the CPU, uploaded with each batch). */
export interface TokenBuckets {
  /** (B*T) flat positions b*T+t sorted by token id, stable (increasing position within a token id). */
  order: Uint32Array;
  /** (V+1) start of each token id's run in `order`; starts[V] = B*T. */
  starts: Uint32Array;
}

/** The same index on the GPU. */
export interface TokenBucketTensors {
  order: Tensor; // (B*T) u32
  starts: Tensor; // (V+1) u32
}

/** Counting sort of token positions by id, O(BT + V). Throws on an id >= V. */
export function buildTokenBuckets(tokens: Uint32Array, V: number): TokenBuckets {
  const starts = new Uint32Array(V + 1);
  for (let i = 0; i < tokens.length; i++) {
    const id = tokens[i];
    if (id >= V) throw new Error(`buildTokenBuckets: token ${id} at position ${i} is outside the vocab (V=${V})`);
    starts[id + 1]++;
  }
  for (let v = 0; v < V; v++) starts[v + 1] += starts[v];
  const next = starts.slice(0, V);
  const order = new Uint32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) order[next[tokens[i]]++] = i;
  return { order, starts };
}

/** out[b,t,:] = wte[tokens[b,t],:] + wpe[t,:]. tokens u32 (B,T); wte (V,C); wpe (maxT,C) with T <= maxT. */
export function embeddingForward(ctx: GpuContext, out: Tensor, tokens: Tensor, wte: Tensor, wpe: Tensor, B: number, T: number, C: number): Dispatch[] {
  const k = 'embeddingForward';
  expectShape(k, 'out', out, [B, T, C]);
  expectTokens(k, tokens, B, T);
  expectShape(k, 'wte', wte, [-1, C]);
  expectPositions(k, wpe, T, C);
  const n = B * T * C;
  const params = ctx.uniform('embedding.forward.params', [['u32', n], ['u32', T], ['u32', C]]);
  return [ctx.dispatch({ name: 'embedding_forward', code: forwardCode, constants: { WG } }, [out, tokens, wte, wpe, params], [groups(n)])];
}

/**
 * One position per row (KV-cache decoding): out[b,:] = wte[tokens[b,p],:] + wpe[p,:] with p = pos[b].
 * tokens u32 (B,T); pos u32 (B), each < T (a larger one is clamped to T-1 on the GPU); wte (V,C); wpe (maxT,C).
 */
export function embeddingForwardAt(ctx: GpuContext, out: Tensor, tokens: Tensor, pos: Tensor, wte: Tensor, wpe: Tensor, B: number, T: number, C: number): Dispatch[] {
  const k = 'embeddingForwardAt';
  expectShape(k, 'out', out, [B, C]);
  expectTokens(k, tokens, B, T);
  expectLength(k, 'pos (B)', pos, B);
  if (pos.dtype !== 'u32') throw new Error(`${k}: pos (${pos.label}) must be u32, got ${pos.dtype}`);
  expectShape(k, 'wte', wte, [-1, C]);
  expectPositions(k, wpe, T, C);
  const n = B * C;
  const params = ctx.uniform('embedding.forward_at.params', [['u32', n], ['u32', T], ['u32', C]]);
  return [ctx.dispatch({ name: 'embedding_forward_at', code: forwardAtCode, constants: { WG } }, [out, tokens, pos, wte, wpe, params], [groups(n)])];
}

/**
 * ACCUMULATES dwte += scatter of dout by token id and dwpe[t] += sum_b dout[b,t]; deterministic, no atomics.
 * `buckets` must be buildTokenBuckets(tokens, V) for the batch in `tokens`. Work scales with B*T*C, not V.
 */
export function embeddingBackward(
  ctx: GpuContext, dwte: Tensor, dwpe: Tensor, dout: Tensor, tokens: Tensor, buckets: TokenBucketTensors,
  B: number, T: number, C: number, V: number,
): Dispatch[] {
  const k = 'embeddingBackward';
  expectShape(k, 'dwte', dwte, [V, C]);
  expectPositions(k, dwpe, T, C);
  expectShape(k, 'dout', dout, [B, T, C]);
  expectTokens(k, tokens, B, T);
  expectLength(k, 'buckets.order', buckets.order, B * T);
  expectLength(k, 'buckets.starts', buckets.starts, V + 1);
  const n = B * T;
  const chunks = ceilDiv(C, WG_WTE);
  const segments = ceilDiv(n, SEG);
  const partials = ctx.tensor('embedding.backward.partials', [segments, 2, C]);
  const wteParams = ctx.uniform('embedding.backward.wte.params', [['u32', n], ['u32', C], ['u32', chunks]]);
  const wpeParams = ctx.uniform('embedding.backward.wpe.params', [['u32', B], ['u32', T * C]]);
  const wte = { name: 'embedding_backward_wte', code: wteCode, constants: { WG: WG_WTE, SEG } };
  const wteGrid = grid(segments * chunks);
  const bound = [dwte, partials, tokens, buckets.order, buckets.starts, wteParams];
  return [
    ctx.dispatch({ ...wte, entryPoint: 'segment_main' }, [...bound, dout], wteGrid),
    ctx.dispatch({ ...wte, entryPoint: 'merge_main' }, bound, wteGrid),
    ctx.dispatch({ name: 'embedding_backward_wpe', code: wpeCode, constants: { WG } }, [dwpe, dout, wpeParams], [groups(T * C)]),
  ];
}

/** Workgroups of an elementwise grid-stride pass over n elements. */
function groups(n: number): number {
  return Math.min(ceilDiv(n, WG), MAX_GROUPS);
}

function expectTokens(kernel: string, tokens: Tensor, B: number, T: number): void {
  expectShape(kernel, 'tokens', tokens, [B, T]);
  if (tokens.dtype !== 'u32') throw new Error(`${kernel}: tokens (${tokens.label}) must be u32, got ${tokens.dtype}`);
}

function expectPositions(kernel: string, wpe: Tensor, T: number, C: number): void {
  expectShape(kernel, 'wpe', wpe, [-1, C]);
  if (T > wpe.shape[0]) throw new Error(`${kernel}: T=${T} exceeds the ${wpe.shape[0]} positions of wpe (${wpe.label})`);
}
