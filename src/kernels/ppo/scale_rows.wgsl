// x[i, :] *= scale[i] for a (N, V) matrix: turns the cross-entropy gradient (softmax − onehot) into a per-token
// weighted one (PPO's policy-gradient coefficients). One invocation per element. Launched by ppo.ts.

struct Params { N: u32, V: u32 }

@group(0) @binding(0) var<storage, read_write> x: array<f32>;    // (N, V)
@group(0) @binding(1) var<storage, read> scale: array<f32>;      // (N)
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.N * p.V) { return; }
  x[i] = x[i] * scale[i / p.V];
}
