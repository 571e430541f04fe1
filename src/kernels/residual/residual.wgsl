// Residual add: out[i] = a[i] + b[i] over N elements. Backward needs no kernel of its own: the gradient of
// a sum flows unchanged to both inputs (the model accumulates it with `accumulate` below).
// If ACCUMULATE is set the kernel computes out[i] += a[i] (b unused), used to sum gradients.

struct Params { n: u32, accumulate: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.n) { return; }
  if (p.accumulate == 1u) {
    out[i] = out[i] + a[i];
  } else {
    out[i] = a[i] + b[i];
  }
}
