// Next-token sampling for a batch of rows, on the GPU (rollouts without a readback per token). One workgroup
// per row b; a row samples when done[b] == 0 and pos[b] < min(limit[b], T-1):
//   x = logits[b, pos[b], :] (V values). temperature 0: token = argmax x (lowest id on ties). Otherwise keep
//   x_i >= τ, τ = the k-th largest value (every value tied with τ is kept), weights w_i = exp((x_i − max)/temp),
//   and take the first id whose running sum of w (in id order) exceeds u · Σw, u = counter_uniform(seed, b, pos).
//   Then tokens[b, pos+1] = token, pos[b] += 1, done[b] = 1 if token == eot or token == stop (a second
//   finishing token, e.g. a newline for one-line answers; NONE = none) or pos+1 == min(limit, T-1).
// A row that is not done but has pos >= min(limit, T-1) (the host check checkRolloutRows forbids it) is only
// marked done, so that a bad limit never writes outside its row.
// Each invocation owns a contiguous chunk of ids [lo, hi), so chunk sums scanned in invocation order are the
// CDF in id order. τ: radix select on order-preserving u32 keys, 4 bits per pass (8 passes, 16-bin histograms
// with integer atomics: the counts, hence the result, do not depend on the order of the adds).
// The argmax is a tree reduction, `workgroup_argmax` over `argmax_merge` (reduce/tree-reduce.ts); the weights'
// scan is a Hillis–Steele scan here. Requires sampling_rng.wgsl prepended and the tree reduction appended, as
// sampling.ts does. Checked against sampling.ref.ts by sampling.test.ts.

struct Params { B: u32, T: u32, V: u32, k: u32, eot: u32, seed: u32, temperature: f32, stop: u32 }

@group(0) @binding(0) var<storage, read> logits: array<f32>;       // (B, T, V)
@group(0) @binding(1) var<storage, read_write> tokens: array<u32>; // (B, T)
@group(0) @binding(2) var<storage, read_write> pos: array<u32>;    // (B)
@group(0) @binding(3) var<storage, read_write> done: array<u32>;   // (B)
@group(0) @binding(4) var<storage, read> limit: array<u32>;        // (B)
@group(0) @binding(5) var<uniform> p: Params;

override WG: u32 = 64; // a power of two, >= 16 (one invocation per histogram bin)
const NONE = 0xffffffffu;

struct ArgMax { v: f32, i: u32 } // a value and its id (NONE: no value yet)

var<workgroup> row_state: vec2<u32>; // (1 if this row samples now, pos[b])
var<workgroup> red_val: array<f32, WG>; // chunk weight sums and their inclusive scan
var<workgroup> hist: array<atomic<u32>, 16>;
var<workgroup> digit_pick: vec2<u32>; // (digit of τ at this pass, keys of the bucket above that digit)
var<workgroup> owner: atomic<u32>; // first invocation whose chunk holds u · Σw
var<workgroup> last_nonempty: atomic<u32>; // fallback owner when rounding leaves u · Σw past every scan value

/** Order-preserving map f32 -> u32: a < b as floats <=> key(a) < key(b) (−0 sorts just below +0). */
fn order_key(x: f32) -> u32 {
  let u = bitcast<u32>(x);
  return select(u | 0x80000000u, ~u, (u & 0x80000000u) != 0u);
}

/** Unnormalized probability of a logit: 0 below the top-k threshold key. */
fn weight(x: f32, m: f32, inv_t: f32, threshold: u32) -> f32 {
  if (order_key(x) < threshold) { return 0.0; }
  return exp((x - m) * inv_t);
}

/** The larger of two partial argmaxes, the lower id on ties. */
fn argmax_merge(a: ArgMax, b: ArgMax) -> ArgMax {
  if (b.i != NONE && (a.i == NONE || b.v > a.v || (b.v == a.v && b.i < a.i))) { return b; }
  return a;
}

fn row_limit(b: u32) -> u32 {
  return min(limit[b], p.T - 1u);
}

fn finish(b: u32, at: u32, tok: u32) {
  let next = at + 1u;
  tokens[b * p.T + next] = tok;
  pos[b] = next;
  if (tok == p.eot || tok == p.stop || next >= row_limit(b)) { done[b] = 1u; }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) tid: u32) {
  let b = wid.x + wid.y * nwg.x;
  if (b >= p.B) { return; } // uniform across the workgroup
  if (tid == 0u) {
    let at = pos[b];
    var go = 0u;
    if (done[b] == 0u) {
      if (at < row_limit(b)) { go = 1u; } else { done[b] = 1u; }
    }
    row_state = vec2<u32>(go, at);
  }
  let st = workgroupUniformLoad(&row_state);
  if (st.x == 0u) { return; }
  let at = st.y;
  let base = (b * p.T + at) * p.V;
  let chunk = (p.V + WG - 1u) / WG;
  let lo = min(tid * chunk, p.V);
  let hi = min(lo + chunk, p.V);

  // Argmax (lowest id on ties): its value is also the max that the weights subtract.
  var best_v = 0.0;
  var best_i = NONE;
  for (var i = lo; i < hi; i++) {
    let x = logits[base + i];
    if (best_i == NONE || x > best_v) { best_v = x; best_i = i; }
  }
  let best = workgroup_argmax(ArgMax(best_v, best_i), tid);
  let m = best.v;
  if (p.temperature == 0.0) {
    if (tid == 0u) { finish(b, at, best.i); }
    return;
  }

  // Top-k threshold key τ: the k-th largest key, found 4 bits at a time from the top. `need` is the rank of τ
  // among the keys that match the digits found so far.
  var threshold = 0u; // keeps every id
  if (p.k < p.V) {
    var prefix = 0u;
    var mask = 0u;
    var need = p.k;
    for (var round = 0u; round < 8u; round++) {
      let shift = 28u - 4u * round;
      if (tid < 16u) { atomicStore(&hist[tid], 0u); }
      workgroupBarrier();
      for (var i = lo; i < hi; i++) {
        let key = order_key(logits[base + i]);
        if ((key & mask) == prefix) { atomicAdd(&hist[(key >> shift) & 15u], 1u); }
      }
      workgroupBarrier();
      if (tid < 16u) {
        var above = 0u;
        for (var d = tid + 1u; d < 16u; d++) { above += atomicLoad(&hist[d]); }
        if (above < need && above + atomicLoad(&hist[tid]) >= need) { digit_pick = vec2<u32>(tid, above); }
      }
      workgroupBarrier();
      let pick = digit_pick;
      prefix |= pick.x << shift;
      mask |= 15u << shift;
      need -= pick.y;
    }
    threshold = prefix;
  }

  // Chunk sums of the weights, then their inclusive scan (Hillis–Steele) over invocations.
  let inv_t = 1.0 / p.temperature;
  var partial = 0.0;
  for (var i = lo; i < hi; i++) { partial += weight(logits[base + i], m, inv_t, threshold); }
  red_val[tid] = partial;
  workgroupBarrier();
  for (var off = 1u; off < WG; off = off << 1u) {
    var add = 0.0;
    if (tid >= off) { add = red_val[tid - off]; }
    workgroupBarrier();
    red_val[tid] += add;
    workgroupBarrier();
  }
  let r = counter_uniform(p.seed, b, at) * red_val[WG - 1u];
  let incl = red_val[tid];
  var excl = 0.0;
  if (tid > 0u) { excl = red_val[tid - 1u]; }

  // The owner is the first non-empty chunk whose inclusive sum exceeds r. Integer atomicMin/atomicMax make the
  // choice independent of timing even if f32 rounding made the scan non-monotone.
  if (tid == 0u) {
    atomicStore(&owner, NONE);
    atomicStore(&last_nonempty, 0u);
  }
  workgroupBarrier();
  if (partial > 0.0) {
    atomicMax(&last_nonempty, tid);
    if (incl > r) { atomicMin(&owner, tid); }
  }
  workgroupBarrier();
  var who = atomicLoad(&owner);
  if (who == NONE) { who = atomicLoad(&last_nonempty); }
  if (tid == who) {
    let rem = r - excl;
    var local = 0.0;
    var chosen = NONE;
    var last = lo;
    for (var i = lo; i < hi; i++) {
      let w = weight(logits[base + i], m, inv_t, threshold);
      local += w;
      if (w > 0.0) {
        last = i;
        if (local > rem) { chosen = i; break; }
      }
    }
    finish(b, at, select(chosen, last, chosen == NONE));
  }
}
