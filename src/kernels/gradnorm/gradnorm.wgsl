// Global gradient norm, stage 2 of 2, one workgroup. Stage 1 (reduce_sum.wgsl, run by gradnorm.ts over the
// gradients with w = grads) left per-workgroup sums of grads^2 in `partials`; this sums them in a fixed
// shared-memory tree (deterministic, no atomics) and writes
//   norm[normIndex] = sqrt(sum),  scale[0] = maxNorm > 0 ? min(1, maxNorm / (norm + 1e-6)) : 1.
// The launcher, gradnorm.ts, appends the tree reduction `workgroup_sum` (reduce/tree-reduce.ts).
// A second entry point, main_loss_scaled, is the same stage for mixed precision with dynamic loss scaling
// (see there); `main` is the f32 path and binds nothing of it.
// Tested by gradnorm.test.ts against gradnorm.ref.ts.

struct Params { n: u32, normIndex: u32, maxNorm: f32 }

@group(0) @binding(0) var<storage, read_write> norm: array<f32>;
@group(0) @binding(1) var<storage, read_write> scale: array<f32>;      // (1)
@group(0) @binding(2) var<storage, read> partials: array<f32>;         // (n)
@group(0) @binding(3) var<uniform> p: Params;

// main_loss_scaled only: the scaler's state and where its metrics go.
struct LossScale { scaleIndex: u32, skippedIndex: u32, growthInterval: f32, growthFactor: f32, backoffFactor: f32 }
@group(0) @binding(4) var<storage, read_write> state: array<f32>;      // (3) S, finite steps since S last changed, steps skipped
@group(0) @binding(5) var<uniform> ls: LossScale;

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

// Whether x is neither infinite nor NaN, from its bits (WGSL lets compilers assume floats are finite, so
// comparisons such as x == x are no test).
fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// Stage 2 with dynamic loss scaling: the gradients hold S = state[0] times the true ones (the loss gradient was
// multiplied by S before backward). Writes the true norm sqrt(sum)/S into norm[normIndex]; scale[0] = the clip
// scale of that norm divided by S (AdamW's multiplier: unscale, then clip); scale[1] = 1 when the sum of
// squares is not finite (a gradient overflowed, or the sum did), telling AdamW to skip the step, else 0. Then
// the scaler steps: after a skipped step S *= backoffFactor and the finite-step count restarts; after
// growthInterval finite steps in a row S *= growthFactor. The S this step used and the number of steps skipped
// so far go to norm[ls.scaleIndex] and norm[ls.skippedIndex].
@compute @workgroup_size(WG)
fn main_loss_scaled(@builtin(local_invocation_index) lid: u32) {
  var acc = 0.0;
  for (var i = lid; i < p.n; i += WG) {
    acc += partials[i];
  }
  let sum = workgroup_sum(acc, lid);
  if (lid != 0u) { return; }
  let s = state[0];
  let finite = is_finite(sum);
  let total = sqrt(sum) / s;
  norm[p.normIndex] = total;
  norm[ls.scaleIndex] = s;
  scale[0] = select(1.0, min(1.0, p.maxNorm / (total + 1e-6)), p.maxNorm > 0.0) / s;
  scale[1] = select(1.0, 0.0, finite);
  var next = s;
  var good = state[1] + 1.0;
  var skipped = state[2];
  if (!finite) {
    next = s * ls.backoffFactor;
    good = 0.0;
    skipped += 1.0;
  } else if (good >= ls.growthInterval) {
    next = s * ls.growthFactor;
    good = 0.0;
  }
  state[0] = next;
  state[1] = good;
  state[2] = skipped;
  norm[ls.skippedIndex] = skipped;
}
