// LayerNorm backward, second half of the weight/bias gradient: one workgroup per channel c sums the row-block
// partials of layernorm_dparams_partial.wgsl in a fixed tree order and ACCUMULATES
//   dbias[c] += Σ_blocks partial.x,  dweight[c] += Σ_blocks partial.y.
// Launched by layernorm.ts, checked against layernorm.ref.ts by layernorm.test.ts.

struct Params { C: u32, blocks: u32 }

@group(0) @binding(0) var<storage, read_write> dweight: array<f32>;    // (C)
@group(0) @binding(1) var<storage, read_write> dbias: array<f32>;      // (C)
@group(0) @binding(2) var<storage, read> partial: array<vec2<f32>>;    // (blocks, C) of (dbias, dweight)
@group(0) @binding(3) var<uniform> p: Params;

override WG: u32 = 256; // a power of two (tree reduction)

var<workgroup> red: array<vec2<f32>, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) tid: u32) {
  let c = wid.x + wid.y * nwg.x;
  if (c >= p.C) { return; } // uniform across the workgroup
  var acc = vec2<f32>(0.0);
  for (var b = tid; b < p.blocks; b += WG) { acc += partial[b * p.C + c]; }
  red[tid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (tid < s) { red[tid] += red[tid + s]; }
    workgroupBarrier();
  }
  if (tid == 0u) {
    dbias[c] += red[0].x;
    dweight[c] += red[0].y;
  }
}
