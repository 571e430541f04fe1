// Cross-entropy fused with softmax, forward and backward in one kernel, one workgroup per row of V logits:
//   losses[i] = logsumexp(logits[i]) − logits[i][t]     (t = targets[i], unweighted),
//   dlogits[i] = (softmax(logits[i]) − onehot(t)) * weights[i]   (OVERWRITTEN; weight 0 gives exact zeros).
// Online softmax as softmax_forward.wgsl: a running (max, sum of exp(x − max)) per invocation over its strided
// logits, merged by a tree reduction; a second pass writes dlogits. Any V, including V > WG.
// The launcher, crossentropy.ts, appends ONLINE_SOFTMAX_WGSL (softmax/softmax.ts: online_softmax.wgsl and the tree
// reduction `workgroup_max_sum`). Checked against crossentropy.ref.ts by crossentropy.test.ts.

struct Params { N: u32, V: u32 }

@group(0) @binding(0) var<storage, read_write> losses: array<f32>;  // (N)
@group(0) @binding(1) var<storage, read_write> dlogits: array<f32>; // (N, V)
@group(0) @binding(2) var<storage, read> logits: array<f32>;        // (N, V)
@group(0) @binding(3) var<storage, read> targets: array<u32>;       // (N), each < V
@group(0) @binding(4) var<storage, read> weights: array<f32>;       // (N)
@group(0) @binding(5) var<uniform> p: Params;

override WG: u32 = 256; // a power of two (tree reduction)

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) tid: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.N) { return; } // uniform across the workgroup
  let base = row * p.V;

  var acc = ONLINE_SOFTMAX_EMPTY;
  for (var i = tid; i < p.V; i += WG) { acc = online_softmax_push(acc, logits[base + i]); }
  let row_max_sum = workgroup_max_sum(acc, tid); // (max, sum of exp(x - max))
  let m = row_max_sum.x;
  let sum = row_max_sum.y;
  let t = targets[row];
  let w = weights[row];

  if (tid == 0u) {
    // (m - x_t) first, then the small log(sum): with logits ~1e3, m + log(sum) would round to ulp(1e3).
    losses[row] = (m - logits[base + t]) + log(sum);
  }
  let w_over_sum = w / sum;
  for (var i = tid; i < p.V; i += WG) {
    let hit = select(0.0, w, i == t);
    dlogits[base + i] = exp(logits[base + i] - m) * w_over_sum - hit;
  }
}
