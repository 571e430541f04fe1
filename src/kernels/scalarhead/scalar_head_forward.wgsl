// Scalar head forward with K outputs: values[m, k] = dot(x[rows[m], :], w[k, :]) + b[k], one invocation per (m, k).
// A reward model reads one row per sequence (its last token) with K = 1; a value head reads every token; a GPT-1
// task head reads one row per sequence with K = number of labels. Deterministic (a plain loop over C).
// Launched by scalarhead.ts, checked against scalarhead.ref.ts by scalarhead.test.ts.

struct Params { M: u32, C: u32, K: u32 }

@group(0) @binding(0) var<storage, read_write> values: array<f32>; // (M, K)
@group(0) @binding(1) var<storage, read> x: array<f32>;            // (N, C) e.g. the final layer norm's output
@group(0) @binding(2) var<storage, read> rows: array<u32>;         // (M) each < N
@group(0) @binding(3) var<storage, read> w: array<f32>;            // (K, C)
@group(0) @binding(4) var<storage, read> b: array<f32>;            // (K) read only when HAS_BIAS
@group(0) @binding(5) var<uniform> p: Params;

override WG: u32 = 64;
override HAS_BIAS: bool = false;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.M * p.K) { return; }
  let m = i / p.K;
  let k = i % p.K;
  let base = rows[m] * p.C;
  let wbase = k * p.C;
  var acc = 0.0;
  for (var c = 0u; c < p.C; c++) { acc += x[base + c] * w[wbase + c]; }
  if (HAS_BIAS) { acc += b[k]; }
  values[i] = acc;
}
