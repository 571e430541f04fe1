// Vec4 global loads for matmul.wgsl (the module is this file followed by matmul.wgsl; see matmul.ts): the
// operands as arrays of vec4, for sizes where each operand's contiguous dimension is a multiple of 4 (K for A
// unless TRANS_A, M for A when TRANS_A, N for B unless TRANS_B, K for B when TRANS_B; matmul.ts checks), so a
// vec4 never straddles a row, M, N or kEnd (K and every split-K slice end are then multiples of 4 too).
// One load, one bounds check and one index computation per 4 elements instead of per element.
// Each thread moves LOADS (1 or 2) vec4s of each operand's K-tile, so a config using it needs
// BM * BK = 4 * WG * LOADS. Stores convert to the prelude's TileVec and TileElem (f32, or f16 on the f16 path).
// Tested by matmul.test.ts and matmul-f16.test.ts.

@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;

override LOADS: u32 = BM * BK / (4u * WG);
override KQ: u32 = BK / 4u; // vec4s along k in one row of a k-contiguous K-tile

// The (row, k) within a BM x BK tile of the first element of a thread's i-th vec4, which holds 4 consecutive k
// of one row when the operand is k-contiguous, else 4 consecutive rows at one k. Consecutive i follow the
// operand's layout in memory, so that a warp's global reads coalesce.
fn tileCoord4(i: u32, kContiguous: bool) -> vec2<u32> {
  if (kContiguous) { return vec2<u32>(i / KQ, (i % KQ) * 4u); }
  return vec2<u32>((i % SLOTS) * 4u, i / SLOTS);
}

// The i-th vec4 of op(A)'s K-tile at (m0, k0), or 0 outside (M, kEnd).
fn loadA(i: u32, m0: u32, k0: u32, kEnd: u32) -> vec4<f32> {
  let t = tileCoord4(i, !TRANS_A);
  let m = m0 + t.x;
  let k = k0 + t.y;
  if (m >= p.M || k >= kEnd) { return vec4<f32>(); }
  if (TRANS_A) { return a[(k * p.M + m) / 4u]; }
  return a[(m * p.K + k) / 4u];
}

// The i-th vec4 of op(B)'s K-tile at (k0, n0), or 0 outside (kEnd, N).
fn loadB(i: u32, n0: u32, k0: u32, kEnd: u32) -> vec4<f32> {
  let t = tileCoord4(i, TRANS_B);
  let n = n0 + t.x;
  let k = k0 + t.y;
  if (n >= p.N || k >= kEnd) { return vec4<f32>(); }
  if (TRANS_B) { return b[(n * p.K + k) / 4u]; }
  return b[(k * p.N + n) / 4u];
}

// Stores what loadA(i, ...) returned into shared buffer `buf`: one slot (4 rows at one k), or one lane of the
// row's slot in 4 consecutive k-rows.
fn storeA(buf: u32, i: u32, v: vec4<f32>) {
  let t = tileCoord4(i, !TRANS_A);
  if (TRANS_A) {
    As[slot(buf, t.y, t.x)] = TileVec(v);
    return;
  }
  let lane = t.x % 4u;
  As[slot(buf, t.y, t.x)][lane] = TileElem(v.x);
  As[slot(buf, t.y + 1u, t.x)][lane] = TileElem(v.y);
  As[slot(buf, t.y + 2u, t.x)][lane] = TileElem(v.z);
  As[slot(buf, t.y + 3u, t.x)][lane] = TileElem(v.w);
}

fn storeB(buf: u32, i: u32, v: vec4<f32>) {
  let t = tileCoord4(i, TRANS_B);
  if (!TRANS_B) {
    Bs[slot(buf, t.y, t.x)] = TileVec(v);
    return;
  }
  let lane = t.x % 4u;
  Bs[slot(buf, t.y, t.x)][lane] = TileElem(v.x);
  Bs[slot(buf, t.y + 1u, t.x)][lane] = TileElem(v.y);
  Bs[slot(buf, t.y + 2u, t.x)][lane] = TileElem(v.z);
  Bs[slot(buf, t.y + 3u, t.x)][lane] = TileElem(v.w);
}

// This thread's vec4s (i = tid, and tid + WG when LOADS is 2) of op(A)'s K-tile at k0 (r[0], r[1]) and of
// op(B)'s (r[2], r[3]). When LOADS is 1, r[1] and r[3] stay unused; the branches on LOADS compile away and
// every index is a constant, so r stays in registers.
fn fetch(tid: u32, m0: u32, n0: u32, k0: u32, kEnd: u32) -> array<vec4<f32>, 4> {
  var r: array<vec4<f32>, 4>;
  r[0] = loadA(tid, m0, k0, kEnd);
  r[2] = loadB(tid, n0, k0, kEnd);
  if (LOADS == 2u) {
    r[1] = loadA(tid + WG, m0, k0, kEnd);
    r[3] = loadB(tid + WG, n0, k0, kEnd);
  }
  return r;
}

// Stores what `fetch` returned into shared buffer `buf`.
fn put(buf: u32, tid: u32, r: array<vec4<f32>, 4>) {
  storeA(buf, tid, r[0]);
  storeB(buf, tid, r[2]);
  if (LOADS == 2u) {
    storeA(buf, tid + WG, r[1]);
    storeB(buf, tid + WG, r[3]);
  }
}
