// Scalar head forward: values[m] = dot(x[rows[m], :], w) + b, one invocation per read row m. A reward model reads
// one row per sequence (its last token); a value head reads every token. Deterministic (a plain loop over C).
// Launched by scalarhead.ts, checked against scalarhead.ref.ts by scalarhead.test.ts.

struct Params { M: u32, C: u32 }

@group(0) @binding(0) var<storage, read_write> values: array<f32>; // (M)
@group(0) @binding(1) var<storage, read> x: array<f32>;            // (N, C) e.g. the final layer norm's output
@group(0) @binding(2) var<storage, read> rows: array<u32>;         // (M) each < N
@group(0) @binding(3) var<storage, read> w: array<f32>;            // (C)
@group(0) @binding(4) var<storage, read> b: array<f32>;            // (1) read only when HAS_BIAS
@group(0) @binding(5) var<uniform> p: Params;

override WG: u32 = 64;
override HAS_BIAS: bool = false;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let m = gid.x + gid.y * nwg.x * WG;
  if (m >= p.M) { return; }
  let base = rows[m] * p.C;
  var acc = 0.0;
  for (var c = 0u; c < p.C; c++) { acc += x[base + c] * w[c]; }
  if (HAS_BIAS) { acc += b[0]; }
  values[m] = acc;
}
