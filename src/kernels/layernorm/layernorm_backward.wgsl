// LayerNorm backward, input gradient (llm.c layernorm_backward), one workgroup per row, ACCUMULATING:
//   norm = (x-mean)*rstd, g = weight*dout,
//   dinp += rstd * (g - mean(g) - norm * mean(g*norm)).
// The weight and bias gradients are summed over rows by layernorm_dparams_partial.wgsl and _final.wgsl.
// The launcher, layernorm.ts, appends the tree reduction `workgroup_sum2` (reduce/tree-reduce.ts).
// Checked against layernorm.ref.ts by layernorm.test.ts.

struct Params { N: u32, C: u32 }

@group(0) @binding(0) var<storage, read_write> dinp: array<f32>; // (N, C)
@group(0) @binding(1) var<storage, read> dout: array<f32>;       // (N, C)
@group(0) @binding(2) var<storage, read> inp: array<f32>;        // (N, C)
@group(0) @binding(3) var<storage, read> weight: array<f32>;     // (C)
@group(0) @binding(4) var<storage, read> mean: array<f32>;       // (N)
@group(0) @binding(5) var<storage, read> rstd: array<f32>;       // (N)
@group(0) @binding(6) var<uniform> p: Params;

override WG: u32 = 256; // a power of two (tree reduction)

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) tid: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.N) { return; } // uniform across the workgroup
  let base = row * p.C;
  let m = mean[row];
  let rs = rstd[row];

  // (Σ g, Σ g*norm) over the row
  var acc = vec2<f32>(0.0);
  for (var i = tid; i < p.C; i += WG) {
    let g = weight[i] * dout[base + i];
    acc += vec2<f32>(g, g * (inp[base + i] - m) * rs);
  }
  let sums = workgroup_sum2(acc, tid) / f32(p.C);

  for (var i = tid; i < p.C; i += WG) {
    let norm = (inp[base + i] - m) * rs;
    let g = weight[i] * dout[base + i];
    dinp[base + i] += rs * (g - sums.x - norm * sums.y);
  }
}
