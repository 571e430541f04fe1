// Deterministic [mean, std (population), min, max], one stage of a two-stage reduction.
// Stage 1 (FINAL = false): each thread runs Welford's update over its grid-stride range of src (raw values),
//   the workgroup merges the threads' (count, mean, M2, min, max) in a fixed shared-memory tree (Chan et al.'s
//   pairwise formula, stable where E[x^2] - E[x]^2 would cancel), and writes the 5-tuple to dst[5g .. 5g+4].
// Stage 2 (FINAL = true): one workgroup merges the partial 5-tuples in src the same way and writes
//   dst[dstIndex .. dstIndex+3] = [mean, sqrt(M2 / count), min, max].
// Counts are f32 (exact up to 2^24 elements per partial; beyond that the relative error stays ~1e-7).
// The launcher, reduce.ts, appends the tree reduction `workgroup_moments` over `merge` (tree-reduce.ts).
// Tested by reduce.test.ts against reduce.ref.ts.

struct Params { n: u32, dstIndex: u32 }
struct Moments { n: f32, mean: f32, m2: f32, lo: f32, hi: f32 }

@group(0) @binding(0) var<storage, read_write> dst: array<f32>;
@group(0) @binding(1) var<storage, read> src: array<f32>;   // (n) values, or (n, 5) partial moments when FINAL
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256;   // a power of two (tree reduction)
override FINAL: bool = false;

fn merge(a: Moments, b: Moments) -> Moments {
  if (b.n == 0.0) { return a; }
  if (a.n == 0.0) { return b; }
  let n = a.n + b.n;
  let d = b.mean - a.mean;
  let fb = b.n / n;
  return Moments(n, a.mean + d * fb, a.m2 + b.m2 + d * d * a.n * fb, min(a.lo, b.lo), max(a.hi, b.hi));
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let stride = nwg.x * WG;
  var s = Moments(0.0, 0.0, 0.0, 0.0, 0.0);
  for (var i = wid.x * WG + lid; i < p.n; i += stride) {
    if (FINAL) {
      s = merge(s, Moments(src[5u * i], src[5u * i + 1u], src[5u * i + 2u], src[5u * i + 3u], src[5u * i + 4u]));
    } else {
      let x = src[i];
      s.n += 1.0;
      let d = x - s.mean;
      s.mean += d / s.n;
      s.m2 += d * (x - s.mean);
      s.lo = select(min(s.lo, x), x, s.n == 1.0);
      s.hi = select(max(s.hi, x), x, s.n == 1.0);
    }
  }
  let t = workgroup_moments(s, lid);
  if (lid != 0u) { return; }
  if (FINAL) {
    dst[p.dstIndex] = t.mean;
    dst[p.dstIndex + 1u] = sqrt(max(t.m2, 0.0) / t.n);
    dst[p.dstIndex + 2u] = t.lo;
    dst[p.dstIndex + 3u] = t.hi;
  } else {
    let o = 5u * wid.x;
    dst[o] = t.n;
    dst[o + 1u] = t.mean;
    dst[o + 2u] = t.m2;
    dst[o + 3u] = t.lo;
    dst[o + 4u] = t.hi;
  }
}
