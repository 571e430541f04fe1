// Dynamic loss scaling, the multiply: x[i] *= S over the n elements of a loss gradient (dlogits, a head's
// dvalues), where S = state[0] is the loss scale the GPU keeps (gradnorm.wgsl main_loss_scaled updates it), so
// that backward runs on S times the gradient and small values survive f16 matmul inputs. S is a power of two,
// so the product is exact unless it overflows. Grid-stride loop over a plan-time number of workgroups.
// Tested by lossscale.test.ts.

struct Params { n: u32 }

@group(0) @binding(0) var<storage, read_write> x: array<f32>;   // (n)
@group(0) @binding(1) var<storage, read> state: array<f32>;     // (3) S, ... (see gradnorm.wgsl)
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let s = state[0];
  for (var i = gid.x; i < p.n; i += nwg.x * WG) {
    x[i] = x[i] * s;
  }
}
