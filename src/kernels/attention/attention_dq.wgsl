// Causal self-attention backward, part 1 of 2: dQ, and D = rowsum(dO ∘ O) for part 2 (attention_dkdv.wgsl).
// Same layout as attention_forward.wgsl: a workgroup takes BR query rows of one (b, h), one thread per row
// holding q, dO and the dQ accumulator in registers, and loops over key/value tiles of BC rows staged in
// workgroup memory up to the diagonal. P is recomputed from the saved lse (FlashAttention-2), so
//   dS_ij = P_ij (dO_i·v_j - D_i),  dq_i = scale * sum_j dS_ij k_j.
// Each output element is written by one thread in a fixed order: deterministic, no atomics.
// The launcher prepends `const HS, BR, BC: u32`. Tested by attention.test.ts against attention.ref.ts.

struct Params { B: u32, T: u32, C: u32, NH: u32, scale: f32 }

@group(0) @binding(0) var<storage, read_write> dqkv: array<vec4<f32>>; // (B, T, 3C), q part written here
@group(0) @binding(1) var<storage, read_write> delta: array<f32>;     // (B, NH, T) D, scratch for part 2
@group(0) @binding(2) var<storage, read> dout: array<vec4<f32>>;      // (B, T, C)
@group(0) @binding(3) var<storage, read> qkv: array<vec4<f32>>;       // (B, T, 3C)
@group(0) @binding(4) var<storage, read> out: array<vec4<f32>>;       // (B, T, C)
@group(0) @binding(5) var<storage, read> lse: array<f32>;             // (B, NH, T)
@group(0) @binding(6) var<uniform> p: Params;

const HS4 = HS / 4u;
const LOG2E = 1.4426950408889634;
const NEG = -1e30; // finite "minus infinity" (WGSL lets implementations assume no infinities)

var<workgroup> ks: array<vec4<f32>, BC * HS4>; // (BC, HS)
var<workgroup> vs: array<vec4<f32>, BC * HS4>; // (BC, HS)

@compute @workgroup_size(BR)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let nqb = (p.T + BR - 1u) / BR;
  let wg = wid.x + wid.y * nwg.x;
  if (wg >= p.B * p.NH * nqb) { return; }
  let bh = wg / nqb;
  let qb = nqb - 1u - wg % nqb; // longest first
  let b = bh / p.NH;
  let h = bh % p.NH;
  let C4 = p.C / 4u;
  let tok0 = b * p.T;
  let row = qb * BR + lid;
  let live = row < p.T;
  let rowc = min(row, p.T - 1u); // rows past T compute on the last row's data and write nothing
  let qoff = (tok0 + rowc) * 3u * C4 + h * HS4;
  let ooff = (tok0 + rowc) * C4 + h * HS4;
  let sl2 = p.scale * LOG2E;

  var q: array<vec4<f32>, HS4>;
  var g: array<vec4<f32>, HS4>; // dO row
  var dq: array<vec4<f32>, HS4>;
  var dacc = vec4(0.0);
  for (var d = 0u; d < HS4; d++) {
    q[d] = qkv[qoff + d] * sl2;
    g[d] = dout[ooff + d];
    dq[d] = vec4(0.0);
    dacc = fma(g[d], out[ooff + d], dacc);
  }
  let D = dacc.x + dacc.y + dacc.z + dacc.w;
  let lse2 = lse[bh * p.T + rowc] * LOG2E;
  if (live) { delta[bh * p.T + row] = D; }

  let kend = min(p.T, (qb + 1u) * BR);
  for (var k0 = 0u; k0 < kend; k0 += BC) {
    workgroupBarrier();
    for (var i = lid; i < BC * HS4; i += BR) {
      let src = (tok0 + min(k0 + i / HS4, p.T - 1u)) * 3u * C4 + h * HS4 + i % HS4;
      ks[i] = qkv[src + C4];
      vs[i] = qkv[src + 2u * C4];
    }
    workgroupBarrier();

    for (var j = 0u; j < BC; j++) {
      var sacc = vec4(0.0);
      var pacc = vec4(0.0);
      for (var d = 0u; d < HS4; d++) {
        sacc = fma(q[d], ks[j * HS4 + d], sacc);
        pacc = fma(g[d], vs[j * HS4 + d], pacc);
      }
      let s = sacc.x + sacc.y + sacc.z + sacc.w;
      let pj = exp2(select(NEG, s - lse2, k0 + j <= row));
      let ds = pj * (pacc.x + pacc.y + pacc.z + pacc.w - D);
      for (var d = 0u; d < HS4; d++) { dq[d] = fma(vec4(ds), ks[j * HS4 + d], dq[d]); }
    }
  }

  if (live) {
    for (var d = 0u; d < HS4; d++) { dqkv[qoff + d] = dq[d] * p.scale; }
  }
}
