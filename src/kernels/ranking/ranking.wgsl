// Pairwise ranking loss of a reward model over groups of K ranked responses (InstructGPT): for each group g of
// K_g scores, best first, and each pair i < j (i ranked better),
//   loss_g = −1/C(K_g,2) · Σ_{i<j} log σ(r_i − r_j),   loss = mean over groups,
// with the pairwise accuracy (share of pairs with r_i > r_j) and the mean margin r_i − r_j the same way, written to
// out[outIndex .. outIndex+2]; dscores (N) = d loss / d scores, OVERWRITTEN (0 for scores in no group).
// One workgroup: each invocation takes groups tid, tid+WG, …; the sums meet in a tree reduction, `workgroup_sum`
// (reduce/tree-reduce.ts), which the launcher, ranking.ts, appends. Checked against ranking.ref.ts by ranking.test.ts.

struct Params { N: u32, outIndex: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;     // metrics: loss, accuracy, margin at outIndex
@group(0) @binding(1) var<storage, read_write> dscores: array<f32>; // (N)
@group(0) @binding(2) var<storage, read> scores: array<f32>;        // (N)
@group(0) @binding(3) var<storage, read> offsets: array<u32>;       // (Gmax+1): group g is [offsets[g], offsets[g+1])
@group(0) @binding(4) var<storage, read> groups: array<u32>;        // (1): G, the number of groups this step
@group(0) @binding(5) var<uniform> p: Params;

override WG: u32 = 64; // a power of two (tree reduction)

/** −log σ(d) = softplus(−d), without overflow for large |d|. */
fn neg_log_sigmoid(d: f32) -> f32 {
  return max(-d, 0.0) + log(1.0 + exp(-abs(d)));
}

/** σ(−d) = 1 / (1 + e^d): e^d overflows to inf for large d, which gives the right limit 0. */
fn sigmoid_neg(d: f32) -> f32 {
  return 1.0 / (1.0 + exp(d));
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) tid: u32) {
  let G = groups[0];
  for (var i = tid; i < p.N; i += WG) { dscores[i] = 0.0; }
  storageBarrier();
  workgroupBarrier();

  var acc = vec3<f32>(0.0);
  let invG = 1.0 / f32(max(G, 1u));
  for (var g = tid; g < G; g += WG) {
    let start = offsets[g];
    let K = offsets[g + 1u] - start;
    let P = f32(K * (K - 1u) / 2u);
    var sums = vec3<f32>(0.0);
    for (var i = 0u; i < K; i++) {
      let ri = scores[start + i];
      var grad = 0.0; // d(Σ_pairs −log σ(r_w − r_l)) / d r_i
      for (var j = 0u; j < K; j++) {
        if (j == i) { continue; }
        let rj = scores[start + j];
        if (i < j) {
          let d = ri - rj;
          sums += vec3<f32>(neg_log_sigmoid(d), select(0.0, 1.0, d > 0.0), d);
          grad -= sigmoid_neg(d);
        } else {
          grad += sigmoid_neg(rj - ri);
        }
      }
      dscores[start + i] = grad * invG / P;
    }
    acc += sums / P;
  }
  let total = workgroup_sum(acc, tid); // (loss, accuracy, margin) summed over groups
  if (tid == 0u) {
    let mean = total * invG;
    out[p.outIndex] = mean.x;
    out[p.outIndex + 1u] = mean.y;
    out[p.outIndex + 2u] = mean.z;
  }
}
