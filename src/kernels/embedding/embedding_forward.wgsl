// Token + position embedding, forward: out[b,t,c] = wte[tokens[b,t], c] + wpe[t, c].
// One thread per output element in a grid-stride loop over a plan-time number of workgroups; consecutive
// threads walk consecutive channels, so the reads of a wte row, a wpe row and the write of an out row coalesce.

struct Params { n: u32, T: u32, C: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;    // (B, T, C)
@group(0) @binding(1) var<storage, read> tokens: array<u32>;       // (B, T)
@group(0) @binding(2) var<storage, read> wte: array<f32>;          // (V, C)
@group(0) @binding(3) var<storage, read> wpe: array<f32>;          // (maxT, C)
@group(0) @binding(4) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += nwg.x * WG) {
    let bt = i / p.C;
    let c = i - bt * p.C;
    let t = bt % p.T;
    out[i] = wte[tokens[bt] * p.C + c] + wpe[t * p.C + c];
  }
}
