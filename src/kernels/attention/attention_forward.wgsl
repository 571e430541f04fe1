// Fused causal self-attention forward, flash-attention style: QKᵀ, causal mask, online softmax and ·V in one
// pass, never materializing the (T, T) scores. A workgroup takes BR query rows of one (b, h), one thread per
// row holding q, the output accumulator and the running max m and sum l in registers; key and value tiles of
// BC rows are staged in workgroup memory, and tiles wholly above the diagonal are never visited. Scores are
// kept in base 2 (q is pre-scaled by log2(e)/sqrt(HS)) so the softmax uses exp2; lse is stored in base e.
// The launcher prepends `const HS, BR, BC: u32` (head size, rows per workgroup, rows per key tile).
// Tested by attention.test.ts against attention.ref.ts.

struct Params { B: u32, T: u32, C: u32, NH: u32, scale: f32 }

@group(0) @binding(0) var<storage, read_write> out: array<vec4<f32>>; // (B, T, C)
@group(0) @binding(1) var<storage, read_write> lse: array<f32>;       // (B, NH, T)
@group(0) @binding(2) var<storage, read> qkv: array<vec4<f32>>;       // (B, T, 3C)
@group(0) @binding(3) var<uniform> p: Params;

const HS4 = HS / 4u;
const LOG2E = 1.4426950408889634;
// A finite "minus infinity" for masked scores: WGSL lets implementations assume infinities never occur.
const NEG = -1e30;

var<workgroup> ks: array<vec4<f32>, BC * HS4>; // (BC, HS) keys of the current tile
var<workgroup> vs: array<vec4<f32>, BC * HS4>; // (BC, HS) values of the current tile

@compute @workgroup_size(BR)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let nqb = (p.T + BR - 1u) / BR;
  let wg = wid.x + wid.y * nwg.x;
  if (wg >= p.B * p.NH * nqb) { return; }
  let bh = wg / nqb;
  let qb = nqb - 1u - wg % nqb; // the longest (latest) query blocks are dispatched first
  let b = bh / p.NH;
  let h = bh % p.NH;
  let C4 = p.C / 4u;
  let tok0 = b * p.T;
  let row = qb * BR + lid;
  let live = row < p.T;
  // Rows past T compute on the last row's data (in bounds, finite) and write nothing.
  let qoff = (tok0 + min(row, p.T - 1u)) * 3u * C4 + h * HS4;
  let sl2 = p.scale * LOG2E;

  var q: array<vec4<f32>, HS4>;
  var o: array<vec4<f32>, HS4>;
  for (var d = 0u; d < HS4; d++) {
    q[d] = qkv[qoff + d] * sl2;
    o[d] = vec4(0.0);
  }
  var m = NEG;
  var l = 0.0;
  var s: array<f32, BC>;

  let kend = min(p.T, (qb + 1u) * BR); // keys after the block's last row are masked for every row
  for (var k0 = 0u; k0 < kend; k0 += BC) {
    workgroupBarrier();
    for (var i = lid; i < BC * HS4; i += BR) {
      let src = (tok0 + min(k0 + i / HS4, p.T - 1u)) * 3u * C4 + h * HS4 + i % HS4;
      ks[i] = qkv[src + C4];
      vs[i] = qkv[src + 2u * C4];
    }
    workgroupBarrier();

    // Tile 0 always holds key 0 <= row, so after it m is a real score and exp2(NEG - m) is exactly 0.
    var mt = m;
    for (var j = 0u; j < BC; j++) {
      var acc = vec4(0.0);
      for (var d = 0u; d < HS4; d++) { acc = fma(q[d], ks[j * HS4 + d], acc); }
      s[j] = select(NEG, acc.x + acc.y + acc.z + acc.w, k0 + j <= row);
      mt = max(mt, s[j]);
    }
    let alpha = exp2(m - mt);
    l *= alpha;
    for (var d = 0u; d < HS4; d++) { o[d] *= alpha; }
    for (var j = 0u; j < BC; j++) {
      let pj = exp2(s[j] - mt);
      l += pj;
      for (var d = 0u; d < HS4; d++) { o[d] = fma(vec4(pj), vs[j * HS4 + d], o[d]); }
    }
    m = mt;
  }

  if (live) {
    let ooff = (tok0 + row) * C4 + h * HS4;
    let inv = 1.0 / l;
    for (var d = 0u; d < HS4; d++) { out[ooff + d] = o[d] * inv; }
    lse[bh * p.T + row] = (m + log2(l)) / LOG2E;
  }
}
