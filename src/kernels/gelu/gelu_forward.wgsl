// GELU forward, tanh approximation as GPT-2: out = 0.5x(1 + tanh(u)), u = sqrt(2/pi)(x + 0.044715x³), elementwise.
// 0.5(1 + tanh(u)) is the logistic sigmoid of 2u, evaluated from e = exp(-2|u|) <= 1: it never overflows (a
// driver's tanh can return NaN for large |u|) and keeps full relative precision where gelu -> 0 (x << 0).
// Launched by gelu.ts, checked against gelu.ref.ts by gelu.test.ts.

struct Params { n: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (N)
@group(0) @binding(1) var<storage, read> inp: array<f32>;       // (N)
@group(0) @binding(2) var<uniform> p: Params;

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
  out[i] = x * select(e * r, r, u >= 0.0);
}
