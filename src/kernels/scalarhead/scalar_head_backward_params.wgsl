// Scalar head backward to its parameters: dw[k, c] += Σ_m dvalues[m, k] * x[rows[m], c] (invocation k·C + c < K·C)
// and, with HAS_BIAS, db[k] += Σ_m dvalues[m, k] (invocation K·C + k). ACCUMULATES (gradients are zeroed once per
// step). A plain loop over M per invocation: deterministic, and M is at most B·T. Launched by scalarhead.ts,
// checked by scalarhead.test.ts.

struct Params { M: u32, C: u32, K: u32 }

@group(0) @binding(0) var<storage, read_write> dw: array<f32>;   // (K, C)
@group(0) @binding(1) var<storage, read_write> db: array<f32>;   // (K) written only when HAS_BIAS
@group(0) @binding(2) var<storage, read> dvalues: array<f32>;    // (M, K)
@group(0) @binding(3) var<storage, read> rows: array<u32>;       // (M)
@group(0) @binding(4) var<storage, read> x: array<f32>;          // (N, C)
@group(0) @binding(5) var<uniform> p: Params;

override WG: u32 = 64;
override HAS_BIAS: bool = false;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  let KC = p.K * p.C;
  if (j < KC) {
    let k = j / p.C;
    let c = j % p.C;
    var acc = 0.0;
    for (var m = 0u; m < p.M; m++) { acc += dvalues[m * p.K + k] * x[rows[m] * p.C + c]; }
    dw[j] = dw[j] + acc;
  } else if (HAS_BIAS && j < KC + p.K) {
    let k = j - KC;
    var acc = 0.0;
    for (var m = 0u; m < p.M; m++) { acc += dvalues[m * p.K + k]; }
    db[k] = db[k] + acc;
  }
}
