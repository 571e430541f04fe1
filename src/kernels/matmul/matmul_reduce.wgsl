// Split-K finish for matmul.wgsl: out[i] = sum over slices s of partials[s, i] (in slice order, so the
// result is deterministic) [+ bias[i % N]] [+ out[i]], over the M*N outputs. Tested by matmul.test.ts.

struct Params { MN: u32, N: u32, splits: u32, hasBias: u32, accumulate: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;      // (M, N)
@group(0) @binding(1) var<storage, read> partials: array<f32>;      // (splits, M, N)
@group(0) @binding(2) var<storage, read> bias: array<f32>;          // (N); any tensor when !hasBias
@group(0) @binding(3) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.MN) { return; }
  var x = 0.0;
  for (var s = 0u; s < p.splits; s++) { x += partials[s * p.MN + i]; }
  if (p.hasBias == 1u) { x += bias[i % p.N]; }
  if (p.accumulate == 1u) { x = out[i] + x; }
  out[i] = x;
}
