// Token embedding, backward: dwte[v, :] += sum of dout[b, t, :] over the positions (b, t) holding token v.
// Deterministic without atomics: every dwte element is written by exactly one thread.
//
// The caller's bucket index lists positions grouped by token id: order[starts[v] .. starts[v+1]) holds the
// flat positions b*T+t of token v in increasing order. The work is split over that sorted list, not over the
// vocab, so unused vocab rows cost nothing and a frequent token (a space in a character model, "," or " the"
// in BPE) is spread over many workgroups instead of serializing on one:
//   segment_main: the sorted list is cut into segments of SEG positions; a workgroup owns one (segment,
//     64-channel chunk) and sums each token run inside its segment. A run that lies wholly inside the segment
//     is added to dwte directly (no other segment touches that row); the piece of a run that crosses the
//     segment's start goes to partials[s, 0], the piece of one that starts inside and crosses its end to
//     partials[s, 1].
//   merge_main: the workgroup of the segment where a crossing run starts adds its pieces to dwte in segment
//     order: partials[s, 1], then partials[s', 0] for each later segment s' the run covers.
// Within a piece, terms are added in increasing position order.

struct Params { n: u32, C: u32, chunks: u32 }

@group(0) @binding(0) var<storage, read_write> dwte: array<f32>;      // (V, C)
@group(0) @binding(1) var<storage, read_write> partials: array<f32>;  // (segments, 2, C)
@group(0) @binding(2) var<storage, read> tokens: array<u32>;          // (B*T)
@group(0) @binding(3) var<storage, read> order: array<u32>;           // (B*T) positions grouped by token id
@group(0) @binding(4) var<storage, read> starts: array<u32>;          // (V+1) run start of each token id
@group(0) @binding(5) var<uniform> p: Params;
@group(0) @binding(6) var<storage, read> dout: array<f32>;            // (B*T, C)

override WG: u32 = 64;
override SEG: u32 = 32;

struct Slot { s: u32, c: u32, ok: bool }

/** The (segment, channel) this thread owns; ok = false for workgroups past the end and channels past C. */
fn slot(wid: vec3<u32>, nwg: vec3<u32>, lid: u32) -> Slot {
  let group = wid.x + wid.y * nwg.x;
  let s = group / p.chunks;
  let c = (group - s * p.chunks) * WG + lid;
  return Slot(s, c, s * SEG < p.n && c < p.C);
}

@compute @workgroup_size(WG)
fn segment_main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                @builtin(local_invocation_index) lid: u32) {
  let sl = slot(wid, nwg, lid);
  if (!sl.ok) { return; }
  let s0 = sl.s * SEG;
  let s1 = min(s0 + SEG, p.n);
  var j = s0;
  while (j < s1) {
    let v = tokens[order[j]];
    let runStart = starts[v];
    let runEnd = starts[v + 1u];
    let direct = runStart >= s0 && runEnd <= s1;
    let w = v * p.C + sl.c;
    var acc = 0.0;
    if (direct) { acc = dwte[w]; }
    // max(): always advance, so buckets that do not match tokens give wrong sums instead of a hung GPU.
    let end = max(min(runEnd, s1), j + 1u);
    for (; j < end; j++) {
      acc += dout[order[j] * p.C + sl.c];
    }
    if (direct) {
      dwte[w] = acc;
    } else {
      partials[(2u * sl.s + select(1u, 0u, runStart < s0)) * p.C + sl.c] = acc;
    }
  }
}

@compute @workgroup_size(WG)
fn merge_main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
              @builtin(local_invocation_index) lid: u32) {
  let sl = slot(wid, nwg, lid);
  if (!sl.ok) { return; }
  let s0 = sl.s * SEG;
  let s1 = min(s0 + SEG, p.n);
  let v = tokens[order[s1 - 1u]];
  let runStart = starts[v];
  let runEnd = starts[v + 1u];
  if (runStart < s0 || runEnd <= s1) { return; }   // this segment's last run does not start here and cross out
  let w = v * p.C + sl.c;
  var acc = dwte[w] + partials[(2u * sl.s + 1u) * p.C + sl.c];
  let last = min(runEnd - 1u, p.n - 1u) / SEG;   // min(): bounded even for buckets that do not match tokens
  for (var t = sl.s + 1u; t <= last; t++) {
    acc += partials[2u * t * p.C + sl.c];
  }
  dwte[w] = acc;
}
