// Token + position embedding of one position per row (KV-cache decoding): with p = pos[b],
//   out[b, c] = wte[tokens[b, p], c] + wpe[p, c].
// p is clamped to T-1 so that a bad position never reads outside its row (the host checks positions; a kernel
// cannot throw). One thread per output element in a grid-stride loop, consecutive threads on consecutive
// channels, as embedding_forward.wgsl. Checked against embedding.ref.ts by embedding.test.ts.

struct Params { n: u32, T: u32, C: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;    // (B, C)
@group(0) @binding(1) var<storage, read> tokens: array<u32>;       // (B, T)
@group(0) @binding(2) var<storage, read> pos: array<u32>;          // (B)
@group(0) @binding(3) var<storage, read> wte: array<f32>;          // (V, C)
@group(0) @binding(4) var<storage, read> wpe: array<f32>;          // (maxT, C)
@group(0) @binding(5) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += nwg.x * WG) {
    let b = i / p.C;
    let c = i - b * p.C;
    let t = min(pos[b], p.T - 1u);
    out[i] = wte[tokens[b * p.T + t] * p.C + c] + wpe[t * p.C + c];
  }
}
