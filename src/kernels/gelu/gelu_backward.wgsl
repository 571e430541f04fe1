// GELU backward (tanh approximation), elementwise, OVERWRITES dinp. With u = sqrt(2/pi)(x + 0.044715x³),
// s = 0.5(1 + tanh u) = sigmoid(2u) and sech²(u) = 4s(1 - s):
//   dinp = dout * (s + x * 2s(1-s) * sqrt(2/pi)(1 + 3*0.044715x²)).
// s and s(1-s) come from e = exp(-2|u|) as in gelu_forward.wgsl: no overflow, and no 1 - tanh² cancellation
// (which loses the gradient of x ≲ -3 entirely in f32). Launched by gelu.ts, tested by gelu.test.ts.

struct Params { n: u32 }

@group(0) @binding(0) var<storage, read_write> dinp: array<f32>; // (N)
@group(0) @binding(1) var<storage, read> inp: array<f32>;        // (N)
@group(0) @binding(2) var<storage, read> dout: array<f32>;       // (N)
@group(0) @binding(3) var<uniform> p: Params;

override WG: u32 = 256;
const SCALE = 0.7978845608028654; // sqrt(2/pi)

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.n) { return; }
  let x = inp[i];
  let u = SCALE * (x + 0.044715 * x * x * x);
  let e = exp(-2.0 * abs(u));
  let r = 1.0 / (1.0 + e);
  let s = select(e * r, r, u >= 0.0);
  let s_1ms = e * r * r; // s(1 - s)
  dinp[i] = (s + 2.0 * x * s_1ms * SCALE * (1.0 + 3.0 * 0.044715 * x * x)) * dout[i];
}
