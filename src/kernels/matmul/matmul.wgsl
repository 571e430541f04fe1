// Tiled matmul: out (M,N) = op(A)·op(B) [+ bias (N)] [+ out], all row-major f32, where op(A) is (M,K) and is
// stored as A (M,K), or as (K,M) when TRANS_A; op(B) is (K,N) and is stored as B (K,N), or as (N,K) when TRANS_B.
// The transposes are override constants (they shape the load stage); bias and accumulate are uniforms (they only
// touch the epilogue), so there are four pipelines in all.
// A workgroup of 16x16 threads computes a 128x128 output tile; each thread owns an 8x8 block of it, as two
// 4-row by two 4-column quadrants 64 apart, so its shared-memory reads are vec4s that no two threads of a
// quarter-warp take from the same bank. K advances 8 at a time through double-buffered shared tiles (16 KiB),
// and the next K-tile is fetched from global memory into registers while the current one is multiplied.
// Split-K: workgroup z covers K in [z*kSlice, min(K, (z+1)*kSlice)) and writes its raw sums to slice z of
// `out` (then a scratch (splits, M, N)); matmul_reduce.wgsl adds the slices, bias and old out in order.
// Tested by matmul.test.ts against matmul.ref.ts.

struct Params { M: u32, N: u32, K: u32, kSlice: u32, hasBias: u32, accumulate: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N); any tensor when !hasBias
@group(0) @binding(4) var<uniform> p: Params;

override TRANS_A: bool = false;
override TRANS_B: bool = false;

const WG = 256u;
const BM = 128u; // output rows per workgroup (also the output columns: BN == BM)
const BK = 8u;
const SLOTS = BM / 4u; // vec4s in one k-row of a shared tile

// Two buffers of (BK, BM) for op(A) and (BK, BN) for op(B), k-major, each k-row's vec4 slots permuted by
// `slot` so that the stores of either load order hit 32 distinct banks.
var<workgroup> As: array<vec4<f32>, 2u * BK * SLOTS>;
var<workgroup> Bs: array<vec4<f32>, 2u * BK * SLOTS>;

fn slot(buf: u32, k: u32, r: u32) -> u32 {
  return (buf * BK + k) * SLOTS + ((r / 4u) ^ k);
}

// The (row, k) within a BM x BK tile of a thread's idx-th element. Consecutive idx follow the operand's
// contiguous dimension in memory, so that a warp's global reads coalesce.
fn tileCoord(idx: u32, kContiguous: bool) -> vec2<u32> {
  if (kContiguous) { return vec2<u32>(idx / BK, idx % BK); }
  return vec2<u32>(idx % BM, idx / BM);
}

// op(A)[m0 + row, k0 + k], or 0 outside (M, kEnd).
fn loadA(idx: u32, m0: u32, k0: u32, kEnd: u32) -> f32 {
  let t = tileCoord(idx, !TRANS_A);
  let m = m0 + t.x;
  let k = k0 + t.y;
  if (m >= p.M || k >= kEnd) { return 0.0; }
  if (TRANS_A) { return a[k * p.M + m]; }
  return a[m * p.K + k];
}

// op(B)[k0 + k, n0 + col], or 0 outside (kEnd, N).
fn loadB(idx: u32, n0: u32, k0: u32, kEnd: u32) -> f32 {
  let t = tileCoord(idx, TRANS_B);
  let n = n0 + t.x;
  let k = k0 + t.y;
  if (n >= p.N || k >= kEnd) { return 0.0; }
  if (TRANS_B) { return b[n * p.K + k]; }
  return b[k * p.N + n];
}

fn storeA(buf: u32, idx: u32, v: f32) {
  let t = tileCoord(idx, !TRANS_A);
  As[slot(buf, t.y, t.x)][t.x % 4u] = v;
}

fn storeB(buf: u32, idx: u32, v: f32) {
  let t = tileCoord(idx, TRANS_B);
  Bs[slot(buf, t.y, t.x)][t.x % 4u] = v;
}

// Writes 8 outputs of row m: columns n..n+3 from v0 and n+64..n+67 from v1.
fn storeRow(m: u32, n: u32, v0: vec4<f32>, v1: vec4<f32>, outBase: u32) {
  if (m >= p.M) { return; }
  for (var c = 0u; c < 8u; c++) {
    let col = n + (c / 4u) * 64u + c % 4u;
    if (col < p.N) {
      var x = select(v0[c % 4u], v1[c % 4u], c >= 4u);
      if (p.hasBias == 1u) { x += bias[col]; }
      let i = outBase + m * p.N + col;
      if (p.accumulate == 1u) { x = out[i] + x; }
      out[i] = x;
    }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let tx = tid % 16u;
  let ty = tid / 16u;
  let m0 = wg.y * BM;
  let n0 = wg.x * BM;
  let kBegin = wg.z * p.kSlice;
  let kEnd = min(p.K, kBegin + p.kSlice);
  let tiles = (kEnd - kBegin + BK - 1u) / BK;

  // Each thread moves 4 of the 1024 elements of each operand's K-tile.
  var ra = vec4<f32>(loadA(tid, m0, kBegin, kEnd), loadA(tid + WG, m0, kBegin, kEnd),
                     loadA(tid + 2u * WG, m0, kBegin, kEnd), loadA(tid + 3u * WG, m0, kBegin, kEnd));
  var rb = vec4<f32>(loadB(tid, n0, kBegin, kEnd), loadB(tid + WG, n0, kBegin, kEnd),
                     loadB(tid + 2u * WG, n0, kBegin, kEnd), loadB(tid + 3u * WG, n0, kBegin, kEnd));
  storeA(0u, tid, ra.x); storeA(0u, tid + WG, ra.y); storeA(0u, tid + 2u * WG, ra.z); storeA(0u, tid + 3u * WG, ra.w);
  storeB(0u, tid, rb.x); storeB(0u, tid + WG, rb.y); storeB(0u, tid + 2u * WG, rb.z); storeB(0u, tid + 3u * WG, rb.w);
  workgroupBarrier();

  // acc[2i + h]: row i of the thread's block (rows ty*4 + i, then 64 + ty*4 + i - 4), columns quadrant h.
  var acc: array<vec4<f32>, 16>;
  for (var t = 0u; t < tiles; t++) {
    let cur = t & 1u;
    let more = t + 1u < tiles;
    if (more) {
      let k0 = kBegin + (t + 1u) * BK;
      ra = vec4<f32>(loadA(tid, m0, k0, kEnd), loadA(tid + WG, m0, k0, kEnd),
                     loadA(tid + 2u * WG, m0, k0, kEnd), loadA(tid + 3u * WG, m0, k0, kEnd));
      rb = vec4<f32>(loadB(tid, n0, k0, kEnd), loadB(tid + WG, n0, k0, kEnd),
                     loadB(tid + 2u * WG, n0, k0, kEnd), loadB(tid + 3u * WG, n0, k0, kEnd));
    }
    for (var k = 0u; k < BK; k++) {
      let row = (cur * BK + k) * SLOTS;
      let a0 = As[row + (ty ^ k)];
      let a1 = As[row + ((ty + 16u) ^ k)];
      let b0 = Bs[row + (tx ^ k)];
      let b1 = Bs[row + ((tx + 16u) ^ k)];
      acc[0] += a0.x * b0;  acc[1] += a0.x * b1;
      acc[2] += a0.y * b0;  acc[3] += a0.y * b1;
      acc[4] += a0.z * b0;  acc[5] += a0.z * b1;
      acc[6] += a0.w * b0;  acc[7] += a0.w * b1;
      acc[8] += a1.x * b0;  acc[9] += a1.x * b1;
      acc[10] += a1.y * b0; acc[11] += a1.y * b1;
      acc[12] += a1.z * b0; acc[13] += a1.z * b1;
      acc[14] += a1.w * b0; acc[15] += a1.w * b1;
    }
    if (more) {
      let nxt = cur ^ 1u;
      storeA(nxt, tid, ra.x); storeA(nxt, tid + WG, ra.y); storeA(nxt, tid + 2u * WG, ra.z); storeA(nxt, tid + 3u * WG, ra.w);
      storeB(nxt, tid, rb.x); storeB(nxt, tid + WG, rb.y); storeB(nxt, tid + 2u * WG, rb.z); storeB(nxt, tid + 3u * WG, rb.w);
    }
    // One barrier per K-tile suffices: buffer `nxt` was last read in iteration t - 1, before the previous barrier.
    workgroupBarrier();
  }

  let outBase = wg.z * p.M * p.N;
  let r = m0 + ty * 4u;
  let c = n0 + tx * 4u;
  storeRow(r, c, acc[0], acc[1], outBase);
  storeRow(r + 1u, c, acc[2], acc[3], outBase);
  storeRow(r + 2u, c, acc[4], acc[5], outBase);
  storeRow(r + 3u, c, acc[6], acc[7], outBase);
  storeRow(r + 64u, c, acc[8], acc[9], outBase);
  storeRow(r + 65u, c, acc[10], acc[11], outBase);
  storeRow(r + 66u, c, acc[12], acc[13], outBase);
  storeRow(r + 67u, c, acc[14], acc[15], outBase);
}
