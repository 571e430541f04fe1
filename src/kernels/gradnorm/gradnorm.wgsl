// Global gradient norm, stage 2 of 2, one workgroup. Stage 1 (reduce_sum.wgsl, run by gradnorm.ts over the
// gradients with w = grads) left per-workgroup sums of grads^2 in `partials`; this sums them in a fixed
// shared-memory tree (deterministic, no atomics) and writes
//   norm[normIndex] = sqrt(sum),  scale[0] = maxNorm > 0 ? min(1, maxNorm / (norm + 1e-6)) : 1.
// The launcher, gradnorm.ts, appends the tree reduction `workgroup_sum` (reduce/tree-reduce.ts).
// Tested by gradnorm.test.ts against gradnorm.ref.ts.

struct Params { n: u32, normIndex: u32, maxNorm: f32 }

@group(0) @binding(0) var<storage, read_write> norm: array<f32>;
@group(0) @binding(1) var<storage, read_write> scale: array<f32>;      // (1)
@group(0) @binding(2) var<storage, read> partials: array<f32>;         // (n)
@group(0) @binding(3) var<uniform> p: Params;

override WG: u32 = 256;   // a power of two (tree reduction)

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  var acc = 0.0;
  for (var i = lid; i < p.n; i += WG) {
    acc += partials[i];
  }
  let sum = workgroup_sum(acc, lid);
  if (lid != 0u) { return; }
  let total = sqrt(sum);
  norm[p.normIndex] = total;
  scale[0] = select(1.0, min(1.0, p.maxNorm / (total + 1e-6)), p.maxNorm > 0.0);
}
