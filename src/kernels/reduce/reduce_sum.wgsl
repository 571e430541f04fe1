// Deterministic sum of products, one stage of a two-stage reduction: workgroup g writes
//   dst[dstIndex + g] = sum over its grid-stride range of src[i] * w[i]   (src[i] alone when WEIGHTED = false).
// Stage 1 runs many workgroups over the input into a partials scratch; stage 2 runs this same kernel as one
// workgroup over the partials, writing the total into dst[dstIndex]. Each thread adds its elements in index
// order, then the workgroup combines the threads' sums in a fixed shared-memory tree: no atomics, so the
// result depends only on the inputs and the (plan-time) workgroup count. The launcher, reduce.ts, appends the
// tree reduction `workgroup_sum` (tree-reduce.ts). Tested by reduce.test.ts and gradnorm.test.ts.

struct Params { n: u32, dstIndex: u32 }

@group(0) @binding(0) var<storage, read_write> dst: array<f32>;
@group(0) @binding(1) var<storage, read> src: array<f32>;   // (n)
@group(0) @binding(2) var<storage, read> w: array<f32>;     // (n), bound to src and unread when WEIGHTED = false
@group(0) @binding(3) var<uniform> p: Params;

override WG: u32 = 256;   // a power of two (tree reduction)
override WEIGHTED: bool = true;

fn term(i: u32) -> f32 {
  if (WEIGHTED) { return src[i] * w[i]; }
  return src[i];
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let stride = nwg.x * WG;
  var acc = 0.0;
  var i = wid.x * WG + lid;
  // Four independent loads per step keep enough bytes in flight to stream at full bandwidth on a large GPU;
  // the adds stay in index order.
  for (; i + 3u * stride < p.n; i += 4u * stride) {
    let x0 = term(i);
    let x1 = term(i + stride);
    let x2 = term(i + 2u * stride);
    let x3 = term(i + 3u * stride);
    acc += x0;
    acc += x1;
    acc += x2;
    acc += x3;
  }
  for (; i < p.n; i += stride) {
    acc += term(i);
  }
  let sum = workgroup_sum(acc, lid);
  if (lid == 0u) { dst[p.dstIndex + wid.x] = sum; }
}
