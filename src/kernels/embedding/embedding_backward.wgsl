// Token + position embedding, backward. Both entry points ACCUMULATE into `dst` and are deterministic without
// atomics: every output element is owned by one thread, which adds its terms in a fixed order.
//
// wte_main: dst = dwte (V, C). The caller's bucket index lists, for each token id v, the flat positions
//   order[starts[v] .. starts[v+1]) holding v, in increasing position. A workgroup owns one (vocab row,
//   channel chunk); its threads stride over the chunk's channels and each sums dout over the row's positions.
//   A row with no tokens reads two u32s and returns, so a large vocab costs almost nothing beyond its
//   used rows. The launcher splits rows into several channel chunks only when the vocab is small, so
//   frequent tokens of a small vocab (characters) still spread over enough workgroups.
// wpe_main: dst = dwpe (maxT, C), one thread per (t, c) of the first T rows, summing dout[b, t, c] over b.
//
// Both add terms in increasing position order onto the old value, the order the CPU reference uses.

struct Params { B: u32, T: u32, C: u32, rows: u32, chunks: u32, chunkC: u32 }

@group(0) @binding(0) var<storage, read_write> dst: array<f32>;   // dwte (V, C) or dwpe (maxT, C)
@group(0) @binding(1) var<storage, read> dout: array<f32>;        // (B, T, C)
@group(0) @binding(2) var<uniform> p: Params;
@group(0) @binding(3) var<storage, read> order: array<u32>;       // (B*T) positions grouped by token id
@group(0) @binding(4) var<storage, read> starts: array<u32>;      // (V+1) run start of each token id

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn wte_main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
            @builtin(local_invocation_index) lid: u32) {
  let group = wid.x + wid.y * nwg.x;
  let v = group / p.chunks;
  if (v >= p.rows) { return; }
  let first = starts[v];
  let last = starts[v + 1u];
  if (first == last) { return; }
  let c0 = (group - v * p.chunks) * p.chunkC;
  let c1 = min(c0 + p.chunkC, p.C);
  for (var c = c0 + lid; c < c1; c += WG) {
    let idx = v * p.C + c;
    var acc = dst[idx];
    for (var j = first; j < last; j++) {
      acc += dout[order[j] * p.C + c];
    }
    dst[idx] = acc;
  }
}

@compute @workgroup_size(WG)
fn wpe_main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WG;
  let TC = p.T * p.C;
  if (i >= TC) { return; }
  var acc = dst[i];
  for (var b = 0u; b < p.B; b++) {
    acc += dout[b * TC + i];
  }
  dst[i] = acc;
}
