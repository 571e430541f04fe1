// Scalar global loads for matmul.wgsl (the module is this file followed by matmul.wgsl; see matmul.ts): the
// operands as f32 arrays, any sizes. Each thread moves 4 elements of each operand's K-tile, one load each, so
// a config using it needs BM * BK = 4 * WG. Stores convert to the prelude's TileElem (f32, or f16 on the f16
// path). Tested by matmul.test.ts and matmul-f16.test.ts.

@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;

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
  As[slot(buf, t.y, t.x)][t.x % 4u] = TileElem(v);
}

fn storeB(buf: u32, idx: u32, v: f32) {
  let t = tileCoord(idx, TRANS_B);
  Bs[slot(buf, t.y, t.x)][t.x % 4u] = TileElem(v);
}

// This thread's 4 elements (idx = tid + i*WG) of op(A)'s K-tile at k0 (r[0]) and of op(B)'s (r[1]).
fn fetch(tid: u32, m0: u32, n0: u32, k0: u32, kEnd: u32) -> array<vec4<f32>, 2> {
  return array<vec4<f32>, 2>(
    vec4<f32>(loadA(tid, m0, k0, kEnd), loadA(tid + WG, m0, k0, kEnd), loadA(tid + 2u * WG, m0, k0, kEnd), loadA(tid + 3u * WG, m0, k0, kEnd)),
    vec4<f32>(loadB(tid, n0, k0, kEnd), loadB(tid + WG, n0, k0, kEnd), loadB(tid + 2u * WG, n0, k0, kEnd), loadB(tid + 3u * WG, n0, k0, kEnd)),
  );
}

// Stores what `fetch` returned into shared buffer `buf`.
fn put(buf: u32, tid: u32, r: array<vec4<f32>, 2>) {
  storeA(buf, tid, r[0].x); storeA(buf, tid + WG, r[0].y); storeA(buf, tid + 2u * WG, r[0].z); storeA(buf, tid + 3u * WG, r[0].w);
  storeB(buf, tid, r[1].x); storeB(buf, tid + WG, r[1].y); storeB(buf, tid + 2u * WG, r[1].z); storeB(buf, tid + 3u * WG, r[1].w);
}

