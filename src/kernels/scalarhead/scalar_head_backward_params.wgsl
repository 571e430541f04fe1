// Scalar head backward to its parameters: dw[c] += Σ_m dvalues[m] * x[rows[m], c] (invocation c < C) and, with
// HAS_BIAS, db += Σ_m dvalues[m] (invocation C). ACCUMULATES (gradients are zeroed once per step). A plain loop
// over M per invocation: deterministic, and M is at most B·T. Launched by scalarhead.ts, checked by scalarhead.test.ts.

struct Params { M: u32, C: u32 }

@group(0) @binding(0) var<storage, read_write> dw: array<f32>;   // (C)
@group(0) @binding(1) var<storage, read_write> db: array<f32>;   // (1) written only when HAS_BIAS
@group(0) @binding(2) var<storage, read> dvalues: array<f32>;    // (M)
@group(0) @binding(3) var<storage, read> rows: array<u32>;       // (M)
@group(0) @binding(4) var<storage, read> x: array<f32>;          // (N, C)
@group(0) @binding(5) var<uniform> p: Params;

override WG: u32 = 64;
override HAS_BIAS: bool = false;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c < p.C) {
    var acc = 0.0;
    for (var m = 0u; m < p.M; m++) { acc += dvalues[m] * x[rows[m] * p.C + c]; }
    dw[c] = dw[c] + acc;
  } else if (HAS_BIAS && c == p.C) {
    var acc = 0.0;
    for (var m = 0u; m < p.M; m++) { acc += dvalues[m]; }
    db[0] = db[0] + acc;
  }
}
