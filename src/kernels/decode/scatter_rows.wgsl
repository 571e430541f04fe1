// Writes one row per batch row into a (B, T, W) buffer at that row's position (KV-cache decoding: a new token's
// q, k, v into the layer's cache; its logits where the sampler reads them): with p = pos[b],
//   out[b, p, i] = rows[b, i]   for i < W.
// p is clamped to T-1 so that a bad position never writes outside its row (the host checks positions; a kernel
// cannot throw). Grid-stride loop, consecutive threads on consecutive elements of a row.
// Checked against scatter.ref.ts by scatter.test.ts.

struct Params { n: u32, T: u32, W: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (B, T, W)
@group(0) @binding(1) var<storage, read> rows: array<f32>;      // (B, W)
@group(0) @binding(2) var<storage, read> pos: array<u32>;       // (B)
@group(0) @binding(3) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += nwg.x * WG) {
    let b = i / p.W;
    let c = i - b * p.W;
    let t = min(pos[b], p.T - 1u);
    out[(b * p.T + t) * p.W + c] = rows[i];
  }
}
