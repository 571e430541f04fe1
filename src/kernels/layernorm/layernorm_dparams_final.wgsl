// LayerNorm backward, second half of the weight/bias gradient: one workgroup per channel c sums the row-block
// partials of layernorm_dparams_partial.wgsl in a fixed tree order and ACCUMULATES
//   dbias[c] += Σ_blocks partial.x,  dweight[c] += Σ_blocks partial.y.
// The launcher, layernorm.ts, appends the tree reduction `workgroup_sum2` (reduce/tree-reduce.ts).
// Checked against layernorm.ref.ts by layernorm.test.ts.

struct Params { C: u32, blocks: u32 }

@group(0) @binding(0) var<storage, read_write> dweight: array<f32>;    // (C)
@group(0) @binding(1) var<storage, read_write> dbias: array<f32>;      // (C)
@group(0) @binding(2) var<storage, read> partial: array<vec2<f32>>;    // (blocks, C) of (dbias, dweight)
@group(0) @binding(3) var<uniform> p: Params;

override WG: u32 = 256; // a power of two (tree reduction)

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) tid: u32) {
  let c = wid.x + wid.y * nwg.x;
  if (c >= p.C) { return; } // uniform across the workgroup
  var acc = vec2<f32>(0.0);
  for (var b = tid; b < p.blocks; b += WG) { acc += partial[b * p.C + c]; }
  let total = workgroup_sum2(acc, tid);
  if (tid == 0u) {
    dbias[c] += total.x;
    dweight[c] += total.y;
  }
}
