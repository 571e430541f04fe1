// Row softmax backward, one workgroup per row of V, OVERWRITES dinp:
//   dinp = out ∘ (dout − Σ_j dout_j out_j).
// The launcher, softmax.ts, appends the tree reduction `workgroup_sum` (reduce/tree-reduce.ts).
// Checked against softmax.ref.ts by softmax.test.ts.

struct Params { N: u32, V: u32 }

@group(0) @binding(0) var<storage, read_write> dinp: array<f32>; // (N, V)
@group(0) @binding(1) var<storage, read> dout: array<f32>;       // (N, V)
@group(0) @binding(2) var<storage, read> out: array<f32>;        // (N, V)
@group(0) @binding(3) var<uniform> p: Params;

override WG: u32 = 256; // a power of two (tree reduction)

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) tid: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.N) { return; } // uniform across the workgroup
  let base = row * p.V;

  var acc = 0.0;
  for (var i = tid; i < p.V; i += WG) { acc += dout[base + i] * out[base + i]; }
  let dot = workgroup_sum(acc, tid);

  for (var i = tid; i < p.V; i += WG) {
    dinp[base + i] = out[base + i] * (dout[base + i] - dot);
  }
}
