// Row softmax forward, one workgroup per row of V: out = exp(x - max) / Σ exp(x - max).
// Online softmax: each invocation keeps a running (max, sum) over its strided elements (one pass over the row),
// the pairs are merged by a tree reduction, then a second pass writes the row. Any V, including V > WG.
// The launcher, softmax.ts, appends ONLINE_SOFTMAX_WGSL: online_softmax.wgsl and the tree reduction
// `workgroup_max_sum` (reduce/tree-reduce.ts). Checked against softmax.ref.ts by softmax.test.ts.

struct Params { N: u32, V: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (N, V)
@group(0) @binding(1) var<storage, read> inp: array<f32>;       // (N, V)
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256; // a power of two (tree reduction)

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) tid: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.N) { return; } // uniform across the workgroup
  let base = row * p.V;

  var acc = ONLINE_SOFTMAX_EMPTY;
  for (var i = tid; i < p.V; i += WG) { acc = online_softmax_push(acc, inp[base + i]); }
  let row_max_sum = workgroup_max_sum(acc, tid); // (max, sum of exp(x - max))
  let m = row_max_sum.x;
  let inv_sum = 1.0 / row_max_sum.y;

  for (var i = tid; i < p.V; i += WG) {
    out[base + i] = exp(inp[base + i] - m) * inv_sum;
  }
}
