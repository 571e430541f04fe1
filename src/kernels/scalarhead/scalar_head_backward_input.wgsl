// Scalar head backward to its input: dx[rows[m], c] += Σ_k dvalues[m, k] * w[k, c], one invocation per (m, c).
// ACCUMULATES, so several heads add into the trunk's output gradient; rows must be distinct (checked by the
// launcher's caller) so no two invocations write one element. The sum starts from dx's old value so that K = 1
// computes exactly dx + dvalues[m] * w[c]. Launched by scalarhead.ts, checked by scalarhead.test.ts.

struct Params { M: u32, C: u32, K: u32 }

@group(0) @binding(0) var<storage, read_write> dx: array<f32>;   // (N, C)
@group(0) @binding(1) var<storage, read> dvalues: array<f32>;    // (M, K)
@group(0) @binding(2) var<storage, read> rows: array<u32>;       // (M)
@group(0) @binding(3) var<storage, read> w: array<f32>;          // (K, C)
@group(0) @binding(4) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.M * p.C) { return; }
  let m = i / p.C;
  let c = i % p.C;
  let at = rows[m] * p.C + c;
  var acc = dx[at];
  for (var k = 0u; k < p.K; k++) { acc = acc + dvalues[m * p.K + k] * w[k * p.C + c]; }
  dx[at] = acc;
}
