// Entropy of softmax(logits[i]) per row, H = log Σ e^x − Σ p·x, one workgroup per row of V logits: each invocation
// keeps a running (max, Σ e^(x−max), Σ x·e^(x−max)) over its strided logits, merged by a tree reduction.
// The launcher, ppo.ts, appends the tree reduction `workgroup_merge` over `merge` (reduce/tree-reduce.ts).
// Checked against ppo.ref.ts by ppo.test.ts.

struct Params { N: u32, V: u32 }

@group(0) @binding(0) var<storage, read_write> entropy: array<f32>; // (N)
@group(0) @binding(1) var<storage, read> logits: array<f32>;        // (N, V)
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256; // a power of two (tree reduction)
const LOWEST = -3.402823e38;

fn merge(a: vec3<f32>, b: vec3<f32>) -> vec3<f32> {
  let m = max(a.x, b.x);
  let sa = exp(a.x - m);
  let sb = exp(b.x - m);
  return vec3<f32>(m, a.y * sa + b.y * sb, a.z * sa + b.z * sb);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) tid: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.N) { return; } // uniform across the workgroup
  let base = row * p.V;
  var acc = vec3<f32>(LOWEST, 0.0, 0.0);
  for (var i = tid; i < p.V; i += WG) {
    acc = merge(acc, vec3<f32>(logits[base + i], 1.0, logits[base + i]));
  }
  let r = workgroup_merge(acc, tid); // (max, Σ e^(x−max), Σ x·e^(x−max))
  if (tid == 0u) {
    entropy[row] = r.x + log(r.y) - r.z / r.y;
  }
}
