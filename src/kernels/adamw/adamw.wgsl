// AdamW update, as torch.optim.AdamW (single-tensor path), elementwise over the N parameters:
//   g = grads[i] * gradScale                       (gradScale from global-norm clipping, computed on the GPU)
//   p = p * (1 - lr * weightDecay)                  (decoupled decay, skipped when DECAY = 0)
//   m = beta1 * m + (1 - beta1) * g
//   v = beta2 * v + (1 - beta2) * g * g
//   p = p - (lr / bc1) * (m / (sqrt(v) / sqrt(bc2) + eps))
// The hyperparameters come from a storage tensor the trainer rewrites each step, so the recorded dispatch is
// replayed unchanged; bias corrections bc1 = 1 - beta1^t and bc2 = 1 - beta2^t are computed on the CPU.
// Grid-stride loop over a plan-time number of workgroups (fewer, longer-lived workgroups stream faster).
// Mixed precision (SKIP_FLAGGED): gradScale is (2), [multiplier, skip flag] from gradnorm's loss-scaled stage,
// and a flagged step (non-finite gradients) leaves params, m and v untouched.

struct Params { n: u32 }

@group(0) @binding(0) var<storage, read_write> params: array<f32>;   // (N)
@group(0) @binding(1) var<storage, read> grads: array<f32>;          // (N)
@group(0) @binding(2) var<storage, read_write> m: array<f32>;        // (N)
@group(0) @binding(3) var<storage, read_write> v: array<f32>;        // (N)
@group(0) @binding(4) var<storage, read> hyper: array<f32>;          // (8) lr, beta1, beta2, eps, weightDecay, bc1, bc2, unused
@group(0) @binding(5) var<storage, read> gradScale: array<f32>;      // (1), or (2) with SKIP_FLAGGED
@group(0) @binding(6) var<uniform> p: Params;

override WG: u32 = 256;
override DECAY: bool = true;
override SKIP_FLAGGED: bool = false;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (SKIP_FLAGGED && gradScale[1] != 0.0) { return; }
  let lr = hyper[0];
  let beta1 = hyper[1];
  let beta2 = hyper[2];
  let eps = hyper[3];
  let decayFactor = select(1.0, 1.0 - lr * hyper[4], DECAY);
  let stepSize = lr / hyper[5];
  let bc2Sqrt = sqrt(hyper[6]);
  let scale = gradScale[0];
  for (var i = gid.x; i < p.n; i += nwg.x * WG) {
    let g = grads[i] * scale;
    let w = params[i] * decayFactor;
    let mi = beta1 * m[i] + (1.0 - beta1) * g;
    let vi = beta2 * v[i] + (1.0 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] = w - stepSize * (mi / (sqrt(vi) / bc2Sqrt + eps));
  }
}
