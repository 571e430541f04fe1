// Causal self-attention backward, part 2 of 2: dK and dV, after attention_dq.wgsl has written D.
// A workgroup takes BK key rows of one (b, h) with SPLIT threads per key: each holds the key's k and v and
// 1/SPLIT of the dims of its dK, dV accumulators in registers (SPLIT = 2 keeps large heads out of local
// memory, at the cost of computing each score twice), and loops over tiles of BQ query rows (q, dO, lse, D
// staged in workgroup memory) from the diagonal to T. P is recomputed from the saved lse (FlashAttention-2):
//   dv_j = sum_i P_ij dO_i,  dS_ij = P_ij (dO_i·v_j - D_i),  dk_j = scale * sum_i dS_ij q_i.
// Each output element is written by one thread in a fixed order: deterministic, no atomics.
// The launcher prepends `const HS, BK, BQ, SPLIT: u32`. Tested by attention.test.ts against attention.ref.ts.

struct Params { B: u32, T: u32, C: u32, NH: u32, scale: f32 }

@group(0) @binding(0) var<storage, read_write> dqkv: array<vec4<f32>>; // (B, T, 3C), k and v parts written here
@group(0) @binding(1) var<storage, read> dout: array<vec4<f32>>;      // (B, T, C)
@group(0) @binding(2) var<storage, read> qkv: array<vec4<f32>>;       // (B, T, 3C)
@group(0) @binding(3) var<storage, read> lse: array<f32>;             // (B, NH, T)
@group(0) @binding(4) var<storage, read> delta: array<f32>;           // (B, NH, T) D from part 1
@group(0) @binding(5) var<uniform> p: Params;

const HS4 = HS / 4u;
const PART = HS4 / SPLIT; // vec4 dims of dK, dV per thread
const THREADS = BK * SPLIT;
const LOG2E = 1.4426950408889634;
const NEG = -1e30; // finite "minus infinity" (WGSL lets implementations assume no infinities)

var<workgroup> qs: array<vec4<f32>, BQ * HS4>; // (BQ, HS) queries of the current tile
var<workgroup> gs: array<vec4<f32>, BQ * HS4>; // (BQ, HS) dO of the current tile
var<workgroup> lse2s: array<f32, BQ>;          // (BQ) lse in base 2
var<workgroup> deltas: array<f32, BQ>;         // (BQ) D

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let nkb = (p.T + BK - 1u) / BK;
  let wg = wid.x + wid.y * nwg.x;
  if (wg >= p.B * p.NH * nkb) { return; }
  let bh = wg / nkb;
  let kb = wg % nkb; // the longest (earliest) key blocks are dispatched first
  let b = bh / p.NH;
  let h = bh % p.NH;
  let C4 = p.C / 4u;
  let tok0 = b * p.T;
  let key = kb * BK + lid % BK;
  let part = lid / BK * PART; // first vec4 dim this thread accumulates
  let live = key < p.T;
  // Keys past T compute on the last key's data (in bounds, finite) and write nothing.
  let koff = (tok0 + min(key, p.T - 1u)) * 3u * C4 + h * HS4 + C4;
  let sl2 = p.scale * LOG2E;

  var k: array<vec4<f32>, HS4>;
  var v: array<vec4<f32>, HS4>;
  var dk: array<vec4<f32>, PART>;
  var dv: array<vec4<f32>, PART>;
  for (var d = 0u; d < HS4; d++) {
    k[d] = qkv[koff + d] * sl2;
    v[d] = qkv[koff + C4 + d];
  }
  for (var d = 0u; d < PART; d++) {
    dk[d] = vec4(0.0);
    dv[d] = vec4(0.0);
  }

  // Queries before the block's first key are masked for every key: start at the tile holding that row.
  for (var q0 = (kb * BK) / BQ * BQ; q0 < p.T; q0 += BQ) {
    workgroupBarrier();
    for (var i = lid; i < BQ * HS4; i += THREADS) {
      let r = tok0 + min(q0 + i / HS4, p.T - 1u);
      qs[i] = qkv[r * 3u * C4 + h * HS4 + i % HS4];
      gs[i] = dout[r * C4 + h * HS4 + i % HS4];
    }
    for (var i = lid; i < BQ; i += THREADS) {
      let r = bh * p.T + min(q0 + i, p.T - 1u);
      lse2s[i] = lse[r] * LOG2E;
      deltas[i] = delta[r];
    }
    workgroupBarrier();

    for (var i = 0u; i < BQ; i++) {
      var sacc = vec4(0.0);
      var pacc = vec4(0.0);
      for (var d = 0u; d < HS4; d++) {
        sacc = fma(qs[i * HS4 + d], k[d], sacc);
        pacc = fma(gs[i * HS4 + d], v[d], pacc);
      }
      let row = q0 + i;
      let s = sacc.x + sacc.y + sacc.z + sacc.w;
      let pij = exp2(select(NEG, s - lse2s[i], row >= key && row < p.T));
      let ds = pij * (pacc.x + pacc.y + pacc.z + pacc.w - deltas[i]);
      for (var d = 0u; d < PART; d++) {
        dv[d] = fma(vec4(pij), gs[i * HS4 + part + d], dv[d]);
        dk[d] = fma(vec4(ds), qs[i * HS4 + part + d], dk[d]);
      }
    }
  }

  if (live) {
    for (var d = 0u; d < PART; d++) {
      dqkv[koff + part + d] = dk[d] * p.scale;
      dqkv[koff + C4 + part + d] = dv[d];
    }
  }
}
