// Causal self-attention of ONE query per batch row over the KV cache (KV-cache decoding): with p = pos[b] and
// q, k, v the parts of qkv (B, T, 3C) (head h: channels h*HS..(h+1)*HS of each),
//   out[b, h*HS + d] = sum_{s<=p} softmax_s(q[b,p]·k[b,s] * scale) v[b,s,d].
// One workgroup per (b, h). Keys are visited in tiles of KT (the forward kernel's key tile, so that scores,
// running max, sums and the output accumulate in the same order as attention_forward.wgsl): invocation
// tid < KT scores key k0+tid, a tree reduction gives the tile's max, and invocation tid < HS4 rescales and
// accumulates its vec4 of the output and the running sum over the tile's keys in key order. Scores are in base 2
// (q pre-scaled by log2(e)/sqrt(HS)), as in the forward. p is clamped to T-1 (the host checks positions).
// The launcher prepends `const HS, KT, WG: u32` and appends the tree reduction `workgroup_max`.
// Checked against attention-decode.ref.ts by attention-decode.test.ts.

struct Params { B: u32, T: u32, C: u32, NH: u32, scale: f32 }

@group(0) @binding(0) var<storage, read_write> out: array<vec4<f32>>; // (B, C)
@group(0) @binding(1) var<storage, read> qkv: array<vec4<f32>>;       // (B, T, 3C)
@group(0) @binding(2) var<storage, read> pos: array<u32>;             // (B)
@group(0) @binding(3) var<uniform> p: Params;

const HS4 = HS / 4u;
const LOG2E = 1.4426950408889634;
// A finite "minus infinity" for masked scores: WGSL lets implementations assume infinities never occur.
const NEG = -1e30;

var<workgroup> qs: array<vec4<f32>, HS4>; // the query of this (b, h), pre-scaled
var<workgroup> ps: array<f32, KT>;        // exp2(score - running max) of the current tile's keys
var<workgroup> last: u32;                 // p, shared so that loop bounds are workgroup-uniform

fn max_merge(a: f32, b: f32) -> f32 { return max(a, b); }

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let wg = wid.x + wid.y * nwg.x;
  if (wg >= p.B * p.NH) { return; } // uniform across the workgroup
  let b = wg / p.NH;
  let h = wg % p.NH;
  let C4 = p.C / 4u;
  let tok0 = b * p.T;
  if (tid == 0u) { last = min(pos[b], p.T - 1u); }
  let at = workgroupUniformLoad(&last);
  let sl2 = p.scale * LOG2E;
  for (var d = tid; d < HS4; d += WG) { qs[d] = qkv[(tok0 + at) * 3u * C4 + h * HS4 + d] * sl2; }
  workgroupBarrier();

  var o = vec4(0.0); // output channels 4*tid..4*tid+3 (tid < HS4)
  var m = NEG;
  var l = 0.0;
  for (var k0 = 0u; k0 <= at; k0 += KT) {
    let j = k0 + tid;
    var s = NEG;
    if (tid < KT && j <= at) {
      let koff = (tok0 + j) * 3u * C4 + C4 + h * HS4;
      var acc = vec4(0.0);
      for (var d = 0u; d < HS4; d++) { acc = fma(qs[d], qkv[koff + d], acc); }
      s = acc.x + acc.y + acc.z + acc.w;
    }
    // Tile 0 always holds key 0 <= p, so after it m is a real score and exp2(NEG - m) is exactly 0.
    let mt = max(m, workgroup_max(s, tid));
    if (tid < KT) { ps[tid] = select(0.0, exp2(s - mt), j <= at); }
    workgroupBarrier();
    if (tid < HS4) {
      let alpha = exp2(m - mt);
      l *= alpha;
      o *= alpha;
      let n = min(KT, at + 1u - k0);
      for (var jj = 0u; jj < n; jj++) {
        let pj = ps[jj];
        l += pj;
        o = fma(vec4(pj), qkv[(tok0 + k0 + jj) * 3u * C4 + 2u * C4 + h * HS4 + tid], o);
      }
    }
    m = mt;
    workgroupBarrier(); // ps is read before the next tile writes it
  }
  if (tid < HS4) { out[b * C4 + h * HS4 + tid] = o * (1.0 / l); }
}
