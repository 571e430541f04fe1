// Tiled matmul: out (M,N) = op(A)·op(B) [+ bias (N)] [+ out], all row-major f32, where op(A) is (M,K) and is
// stored as A (M,K), or as (K,M) when TRANS_A; op(B) is (K,N) and is stored as B (K,N), or as (N,K) when TRANS_B.
// The transposes and the tile shape (BM, TM, BK: one of TILE_CONFIGS in matmul.ts) are override constants;
// bias and accumulate are uniforms (they only touch the epilogue). The module is a tile-type prelude
// (matmul.ts's tilePrelude: TileElem and TileVec are f32 and vec4<f32>, or f16 and vec4<f16> for the f16 path,
// which rounds op(A) and op(B) to f16 as it stores them and keeps f32 sums), then a loader, matmul_load.wgsl
// (scalar loads) or matmul_load_vec4.wgsl (vec4 loads), then this file: the loader declares the operand
// bindings a and b and `fetch`/`put`, which move a K-tile from global memory to registers and on to shared memory.
// A workgroup of (BM/TM)^2 threads computes a BM x BM output tile; each thread owns a TM x TM block of it, as
// (TM/4)^2 quadrants of 4x4 spaced BM/(TM/4) apart, so its shared-memory reads are vec4s that no two threads of
// a quarter-warp take from the same bank. K advances BK at a time through double-buffered shared tiles
// (2 operands x 2 buffers x BK x BM floats: 16 KiB at 128x128, BK 8; 32 KiB at BK 16), and the next K-tile is
// fetched from global memory into registers while the current one is multiplied. Each output is one f32 sum
// over k in ascending order, whatever the tile shape and loader (split-K aside).
// Needs TM 4 or 8, BK <= BM/4 (for the swizzle in `slot`) and what the loader needs of BM * BK; checkConfig in
// matmul.ts enforces these.
// Split-K: workgroup z covers K in [z*kSlice, min(K, (z+1)*kSlice)) and writes its raw sums to slice z of
// `out` (then a scratch (splits, M, N)); matmul_reduce.wgsl adds the slices, bias and old out in order.
// Tested by matmul.test.ts against matmul.ref.ts.

struct Params { M: u32, N: u32, K: u32, kSlice: u32, hasBias: u32, accumulate: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N); any tensor when !hasBias
@group(0) @binding(4) var<uniform> p: Params;

override TRANS_A: bool = false;
override TRANS_B: bool = false;
override BM: u32; // output tile side
override TM: u32; // per-thread block side
override BK: u32; // K step

override TX: u32 = BM / TM;      // threads along each side of the tile
override WG: u32 = TX * TX;
override Q: u32 = TM / 4u;       // 4x4 quadrants along each side of a thread's block
override QSTRIDE: u32 = 4u * TX; // rows (and columns) between a thread's quadrants
override SLOTS: u32 = BM / 4u;   // vec4s in one k-row of a shared tile

// Two buffers of (BK, BM) for op(A) and (BK, BM) for op(B), k-major, each k-row's vec4 slots permuted by
// `slot` so that the loaders' stores hit distinct banks (at most two ways at BK 16).
var<workgroup> As: array<TileVec, 2u * BK * SLOTS>;
var<workgroup> Bs: array<TileVec, 2u * BK * SLOTS>;

fn slot(buf: u32, k: u32, r: u32) -> u32 {
  return (buf * BK + k) * SLOTS + ((r / 4u) ^ k);
}

// acc += the outer product of a (4 rows) and b (4 columns): one 4x4 quadrant's update for one k.
fn quad(acc: ptr<function, array<vec4<f32>, 4>>, a: vec4<f32>, b: vec4<f32>) {
  (*acc)[0] += a.x * b;
  (*acc)[1] += a.y * b;
  (*acc)[2] += a.z * b;
  (*acc)[3] += a.w * b;
}

// Writes outputs (m, n..n+3) from v.
fn store4(m: u32, n: u32, v: vec4<f32>, outBase: u32) {
  if (m >= p.M) { return; }
  for (var c = 0u; c < 4u; c++) {
    let col = n + c;
    if (col < p.N) {
      var x = v[c];
      if (p.hasBias == 1u) { x += bias[col]; }
      let i = outBase + m * p.N + col;
      if (p.accumulate == 1u) { x = out[i] + x; }
      out[i] = x;
    }
  }
}

// Writes the 4x4 quadrant acc to outputs (m..m+3, n..n+3).
fn storeQuad(m: u32, n: u32, acc: array<vec4<f32>, 4>, outBase: u32) {
  store4(m, n, acc[0], outBase);
  store4(m + 1u, n, acc[1], outBase);
  store4(m + 2u, n, acc[2], outBase);
  store4(m + 3u, n, acc[3], outBase);
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let tx = tid % TX;
  let ty = tid / TX;
  let m0 = wg.y * BM;
  let n0 = wg.x * BM;
  let kBegin = wg.z * p.kSlice;
  let kEnd = min(p.K, kBegin + p.kSlice);
  let tiles = (kEnd - kBegin + BK - 1u) / BK;

  var next = fetch(tid, m0, n0, kBegin, kEnd);
  put(0u, tid, next);
  workgroupBarrier();

  // cRC: the thread's quadrant in row group R, column group C (tile rows R*QSTRIDE + ty*4 .. + 3, columns
  // C*QSTRIDE + tx*4 .. + 3). Quadrants other than c00 are used only when TM == 8: the branches on Q, fixed
  // when the pipeline is made, compile away, and every register index is a constant, so the accumulators stay
  // in registers (loops over a register array would index it dynamically, which CPU adapters spill to memory).
  var c00: array<vec4<f32>, 4>;
  var c01: array<vec4<f32>, 4>;
  var c10: array<vec4<f32>, 4>;
  var c11: array<vec4<f32>, 4>;
  for (var t = 0u; t < tiles; t++) {
    let cur = t & 1u;
    let more = t + 1u < tiles;
    if (more) {
      next = fetch(tid, m0, n0, kBegin + (t + 1u) * BK, kEnd);
    }
    for (var k = 0u; k < BK; k++) {
      let row = (cur * BK + k) * SLOTS;
      let a0 = vec4<f32>(As[row + (ty ^ k)]);
      let b0 = vec4<f32>(Bs[row + (tx ^ k)]);
      quad(&c00, a0, b0);
      if (Q == 2u) {
        let a1 = vec4<f32>(As[row + ((ty + TX) ^ k)]);
        let b1 = vec4<f32>(Bs[row + ((tx + TX) ^ k)]);
        quad(&c01, a0, b1);
        quad(&c10, a1, b0);
        quad(&c11, a1, b1);
      }
    }
    if (more) {
      put(cur ^ 1u, tid, next);
    }
    // One barrier per K-tile suffices: buffer cur ^ 1 was last read in iteration t - 1, before the previous barrier.
    workgroupBarrier();
  }

  let outBase = wg.z * p.M * p.N;
  let r = m0 + ty * 4u;
  let c = n0 + tx * 4u;
  storeQuad(r, c, c00, outBase);
  if (Q == 2u) {
    storeQuad(r, c + QSTRIDE, c01, outBase);
    storeQuad(r + QSTRIDE, c, c10, outBase);
    storeQuad(r + QSTRIDE, c + QSTRIDE, c11, outBase);
  }
}
