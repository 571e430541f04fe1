// Tiled matmul on subgroup matrices (tensor cores): out (M,N) = op(A)·op(B) [+ bias (N)] [+ out], with the
// same operands, transposes, uniforms, bindings and split-K slices as matmul.wgsl, but op(A) and op(B) rounded
// to f16 and multiplied by subgroupMatrixMultiplyAccumulate into f32 result matrices.
// The module is a prelude from matmul-subgroup.ts (the enables, the matrix shape SM x SN x SK as LeftMat,
// RightMat and ResultMat, the tile side BM, the K step BK, the subgroups GRID along each side of the tile and
// the adapter's largest subgroup SG_MAX) followed by this file.
// A workgroup computes a BM x BM output tile with GRID x GRID subgroups, each owning a SUB x SUB block of it
// as TMS x TNS result matrices kept in registers for the whole K loop. K advances BK at a time: every
// invocation helps copy the K-tiles of op(A) (BM rows of BK) and op(B) (BM columns of BK) into shared memory
// as f16, both k-contiguous (A row-major, B read as column-major right matrices) with rows LDK apart (padded
// by 8 halves so the rows start in different banks and stay 16-byte aligned); then each subgroup loads its
// left and right matrices from there and accumulates. The workgroup has GRID^2 * SG_MAX invocations (its x
// size must be a multiple of the largest subgroup size); when the device runs smaller subgroups, those past
// the first GRID^2 only help copy. At the end each subgroup stores one result matrix at a time into shared
// memory and the whole workgroup writes them out with bias, accumulate and the bounds of (M, N).
// Loads and stores name the layout as a template argument (subgroupMatrixLoad<T, row_major>): the form Dawn
// (webgpu 0.6.2) compiles without the deprecation warning of the older bool argument.
// Tested by matmul-f16.test.ts (compiled on Dawn's null backend here; run against matmul.ref.ts's
// matmulF16InputsRef by bench/gpu-check.ts on a GPU).

struct Params { M: u32, N: u32, K: u32, kSlice: u32, hasBias: u32, accumulate: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N); any tensor when !hasBias
@group(0) @binding(4) var<uniform> p: Params;

override TRANS_A: bool = false;
override TRANS_B: bool = false;

const SUBGROUPS = GRID * GRID;
const WG = SUBGROUPS * SG_MAX;
const SUB = BM / GRID;            // side of a subgroup's output block
const TMS = SUB / SM;             // result matrices along M in a block
const TNS = SUB / SN;             // result matrices along N in a block
const LDK = BK + 8u;              // halves between the k-rows of the shared tiles
const MAT = SM * SN;              // values in a result matrix

var<workgroup> As: array<f16, BM * LDK>;        // op(A) K-tile: As[m * LDK + k]
var<workgroup> Bs: array<f16, BM * LDK>;        // op(B) K-tile: Bs[n * LDK + k]
var<workgroup> Cs: array<f32, SUBGROUPS * MAT>; // one result matrix per subgroup, on its way out

// The (row, k) of element idx of a BM x BK tile. Consecutive idx follow the operand's contiguous dimension in
// memory, so that a warp's global reads coalesce.
fn tileCoord(idx: u32, kContiguous: bool) -> vec2<u32> {
  if (kContiguous) { return vec2<u32>(idx / BK, idx % BK); }
  return vec2<u32>(idx % BM, idx / BM);
}

// op(A)[m, k], or 0 outside (M, kEnd).
fn loadA(m: u32, k: u32, kEnd: u32) -> f32 {
  if (m >= p.M || k >= kEnd) { return 0.0; }
  if (TRANS_A) { return a[k * p.M + m]; }
  return a[m * p.K + k];
}

// op(B)[k, n], or 0 outside (kEnd, N).
fn loadB(n: u32, k: u32, kEnd: u32) -> f32 {
  if (n >= p.N || k >= kEnd) { return 0.0; }
  if (TRANS_B) { return b[n * p.K + k]; }
  return b[k * p.N + n];
}

// Copies the K-tiles at k0 of op(A) (rows m0..) and op(B) (columns n0..) into As and Bs, rounded to f16.
fn stageTiles(tid: u32, m0: u32, n0: u32, k0: u32, kEnd: u32) {
  for (var idx = tid; idx < BM * BK; idx += WG) {
    let ta = tileCoord(idx, !TRANS_A);
    As[ta.x * LDK + ta.y] = f16(loadA(m0 + ta.x, k0 + ta.y, kEnd));
    let tb = tileCoord(idx, TRANS_B);
    Bs[tb.x * LDK + tb.y] = f16(loadB(n0 + tb.x, k0 + tb.y, kEnd));
  }
}

// Writes output (m, n) = x [+ bias] [+ old out] if it lies inside (M, N).
fn store(m: u32, n: u32, v: f32, outBase: u32) {
  if (m >= p.M || n >= p.N) { return; }
  var x = v;
  if (p.hasBias == 1u) { x += bias[n]; }
  let i = outBase + m * p.N + n;
  if (p.accumulate == 1u) { x = out[i] + x; }
  out[i] = x;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_id) sg: u32) {
  let m0 = wg.y * BM;
  let n0 = wg.x * BM;
  let kBegin = wg.z * p.kSlice;
  let kEnd = min(p.K, kBegin + p.kSlice);
  let multiplies = sg < SUBGROUPS;
  let blockRow = (sg / GRID) * SUB; // this subgroup's block inside the tile
  let blockCol = (sg % GRID) * SUB;

  var acc: array<ResultMat, TMS * TNS>; // (i, j) at i * TNS + j, zero to start
  for (var k0 = kBegin; k0 < kEnd; k0 += BK) {
    stageTiles(tid, m0, n0, k0, kEnd);
    workgroupBarrier();
    if (multiplies) {
      for (var kk = 0u; kk < BK; kk += SK) {
        var left: array<LeftMat, TMS>;
        for (var i = 0u; i < TMS; i++) {
          left[i] = subgroupMatrixLoad<LeftMat, row_major>(&As, (blockRow + i * SM) * LDK + kk, LDK);
        }
        for (var j = 0u; j < TNS; j++) {
          let right = subgroupMatrixLoad<RightMat, col_major>(&Bs, (blockCol + j * SN) * LDK + kk, LDK);
          for (var i = 0u; i < TMS; i++) {
            acc[i * TNS + j] = subgroupMatrixMultiplyAccumulate(left[i], right, acc[i * TNS + j]);
          }
        }
      }
    }
    // The next iteration overwrites As and Bs: every subgroup must be done reading them.
    workgroupBarrier();
  }

  let outBase = wg.z * p.M * p.N;
  for (var t = 0u; t < TMS * TNS; t++) {
    if (multiplies) {
      subgroupMatrixStore<row_major>(&Cs, sg * MAT, acc[t], SN);
    }
    workgroupBarrier();
    for (var e = tid; e < SUBGROUPS * MAT; e += WG) {
      let s = e / MAT;
      let r = (e % MAT) / SN;
      let c = e % SN;
      store(m0 + (s / GRID) * SUB + (t / TNS) * SM + r, n0 + (s % GRID) * SUB + (t % TNS) * SN + c, Cs[e], outBase);
    }
    workgroupBarrier();
  }
}
