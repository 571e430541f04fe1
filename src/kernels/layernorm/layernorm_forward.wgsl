// LayerNorm forward (GPT-2, eps 1e-5), one workgroup per row of C channels:
//   mean = Σx/C, rstd = 1/sqrt(Σ(x-mean)²/C + eps), out = (x-mean)*rstd*weight + bias.
// Two passes over the row (mean, then centred variance) for accuracy; mean and rstd are saved for backward.
// The launcher, layernorm.ts, prepends the binding of `inp` (binding 3) and `first_pass_x(i)`, the element the first
// pass reads: either inp[i], or, fused with the residual add before it, x = a[i] + b[i] stored into inp[i] (the
// residual stream) on the way; the later passes read inp[i], which each invocation wrote itself in the fused form.
// It appends the tree reduction `workgroup_sum` (reduce/tree-reduce.ts; safe to call twice). Checked against
// layernorm.ref.ts by layernorm.test.ts, the fused form also against the two separate kernels (bit-identical).

struct Params { N: u32, C: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;  // (N, C)
@group(0) @binding(1) var<storage, read_write> mean: array<f32>; // (N)
@group(0) @binding(2) var<storage, read_write> rstd: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> weight: array<f32>;     // (C)
@group(0) @binding(5) var<storage, read> bias: array<f32>;       // (C)
@group(0) @binding(6) var<uniform> p: Params;

override WG: u32 = 256; // a power of two (tree reduction)
const EPS = 1e-5;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) tid: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.N) { return; } // uniform across the workgroup
  let base = row * p.C;
  let c = f32(p.C);

  var s = 0.0;
  for (var i = tid; i < p.C; i += WG) { s += first_pass_x(base + i); }
  let m = workgroup_sum(s, tid) / c;

  var v = 0.0;
  for (var i = tid; i < p.C; i += WG) {
    let d = inp[base + i] - m;
    v += d * d;
  }
  let rs = inverseSqrt(workgroup_sum(v, tid) / c + EPS);

  for (var i = tid; i < p.C; i += WG) {
    out[base + i] = (inp[base + i] - m) * rs * weight[i] + bias[i];
  }
  if (tid == 0u) {
    mean[row] = m;
    rstd[row] = rs;
  }
}
