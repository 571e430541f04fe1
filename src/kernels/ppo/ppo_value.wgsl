// PPO's clipped value loss per token (TRL's PPOTrainer): with vpred the value head's output, vclip =
// clamp(vpred, vOld − ε_v, vOld + ε_v), l1 = (vpred − R)², l2 = (vclip − R)²,
//   vf = ½·max(l1, l2),
// dvalues[i] = vfCoef·mask[i]·dvf/dvpred, where dvf/dvpred = vpred − R if l1 > l2, (vclip − R)·[vpred inside the
// clip range] if l2 > l1, and the mean of the two on a tie (torch.maximum splits the gradient). Also writes the
// per-token terms vf and clipped (0/1) for the metrics. Launched by ppo.ts, checked by ppo.test.ts.

struct Params { N: u32, clip: f32, vfCoef: f32 }

@group(0) @binding(0) var<storage, read_write> dvalues: array<f32>;  // (N)
@group(0) @binding(1) var<storage, read_write> vfTerm: array<f32>;   // (N)
@group(0) @binding(2) var<storage, read_write> clipped: array<f32>;  // (N)
@group(0) @binding(3) var<storage, read> values: array<f32>;         // (N) vpred
@group(0) @binding(4) var<storage, read> valuesOld: array<f32>;      // (N)
@group(0) @binding(5) var<storage, read> returns: array<f32>;        // (N)
@group(0) @binding(6) var<storage, read> mask: array<f32>;           // (N)
@group(0) @binding(7) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.N) { return; }
  let m = mask[i];
  if (m == 0.0) {
    dvalues[i] = 0.0; vfTerm[i] = 0.0; clipped[i] = 0.0;
    return;
  }
  let v = values[i];
  let vo = valuesOld[i];
  let r = returns[i];
  let vc = clamp(v, vo - p.clip, vo + p.clip);
  let l1 = (v - r) * (v - r);
  let l2 = (vc - r) * (vc - r);
  let inside = select(0.0, 1.0, v >= vo - p.clip && v <= vo + p.clip);
  let g1 = v - r;
  let g2 = (vc - r) * inside;
  var g = 0.5 * (g1 + g2);
  if (l1 > l2) { g = g1; }
  if (l2 > l1) { g = g2; }
  dvalues[i] = p.vfCoef * m * g;
  vfTerm[i] = 0.5 * max(l1, l2);
  clipped[i] = select(0.0, 1.0, l2 > l1);
}
