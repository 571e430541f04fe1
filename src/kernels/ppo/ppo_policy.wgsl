// PPO's clipped policy objective per token (TRL's PPOTrainer): with logp = −losses[i] (the current log-prob of the
// sampled token, from the fused cross-entropy kernel run with weight 1), ratio = exp(logp − logpOld) and the
// whitened advantage a,
//   l1 = −a·ratio,  l2 = −a·clamp(ratio, 1−ε, 1+ε),  pg = max(l1, l2),
// dpg/dlogp = 0 where the clipped term is larger (l2 > l1), else −a·ratio (on ties torch splits the gradient
// between equal branches, which sums to the same). mask[i] is the token's weight in the mean (1/N_response, 0
// for prompt and padding). Writes coef[i] = −mask·dpg/dlogp, the factor that turns the cross-entropy gradient
// (softmax − onehot) into d loss/d logits, and per-token terms for the metrics: pg, clipped (0/1), ½(logp − logpOld)².
// Launched by ppo.ts, checked against ppo.ref.ts by ppo.test.ts.

struct Params { N: u32, clip: f32 }

@group(0) @binding(0) var<storage, read_write> coef: array<f32>;     // (N)
@group(0) @binding(1) var<storage, read_write> pgTerm: array<f32>;   // (N)
@group(0) @binding(2) var<storage, read_write> clipped: array<f32>;  // (N)
@group(0) @binding(3) var<storage, read_write> kl2: array<f32>;      // (N)
@group(0) @binding(4) var<storage, read> losses: array<f32>;         // (N) −log π_new(token)
@group(0) @binding(5) var<storage, read> logpOld: array<f32>;        // (N)
@group(0) @binding(6) var<storage, read> adv: array<f32>;            // (N) whitened advantages
@group(0) @binding(7) var<storage, read> mask: array<f32>;           // (N)
@group(0) @binding(8) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.N) { return; }
  let m = mask[i];
  if (m == 0.0) {
    coef[i] = 0.0; pgTerm[i] = 0.0; clipped[i] = 0.0; kl2[i] = 0.0;
    return;
  }
  let logp = -losses[i];
  let d = logp - logpOld[i];
  let ratio = exp(d);
  let a = adv[i];
  let l1 = -a * ratio;
  let l2 = -a * clamp(ratio, 1.0 - p.clip, 1.0 + p.clip);
  let isClipped = l2 > l1;
  let dpg = select(-a * ratio, 0.0, isClipped);
  coef[i] = -m * dpg;
  pgTerm[i] = max(l1, l2);
  clipped[i] = select(0.0, 1.0, isClipped);
  kl2[i] = 0.5 * d * d;
}
