// Row softmax forward, one workgroup per row of V: out = exp(x - max) / Σ exp(x - max).
// Online softmax: each invocation keeps a running (max, sum) over its strided elements (one pass over the row),
// the pairs are merged by a tree reduction, then a second pass writes the row. Any V, including V > WG.
// Launched by softmax.ts, checked against softmax.ref.ts by softmax.test.ts.

struct Params { N: u32, V: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (N, V)
@group(0) @binding(1) var<storage, read> inp: array<f32>;       // (N, V)
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256; // a power of two (tree reduction)
// Start value of a running max: finite, so merging two empty partials gives exp(0) * 0, never inf - inf.
const LOWEST = -3.402823e38;

var<workgroup> red: array<vec2<f32>, WG>; // (max, sum of exp(x - max))

fn merge(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let m = max(a.x, b.x);
  return vec2<f32>(m, a.y * exp(a.x - m) + b.y * exp(b.x - m));
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) tid: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.N) { return; } // uniform across the workgroup
  let base = row * p.V;

  var acc = vec2<f32>(LOWEST, 0.0);
  for (var i = tid; i < p.V; i += WG) {
    let x = inp[base + i];
    if (x > acc.x) {
      acc = vec2<f32>(x, acc.y * exp(acc.x - x) + 1.0);
    } else {
      acc.y += exp(x - acc.x);
    }
  }
  red[tid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (tid < s) { red[tid] = merge(red[tid], red[tid + s]); }
    workgroupBarrier();
  }
  let m = red[0].x;
  let inv_sum = 1.0 / red[0].y;

  for (var i = tid; i < p.V; i += WG) {
    out[base + i] = exp(inp[base + i] - m) * inv_sum;
  }
}
