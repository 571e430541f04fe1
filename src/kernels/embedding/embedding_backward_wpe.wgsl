// Position embedding, backward: dwpe[t, c] += sum over b of dout[b, t, c], one thread per (t, c) of the first
// T rows, adding over b in increasing order onto the old value (deterministic, no atomics). Grid-stride loop
// over a plan-time number of workgroups.

struct Params { B: u32, TC: u32 }

@group(0) @binding(0) var<storage, read_write> dwpe: array<f32>;   // (maxT, C)
@group(0) @binding(1) var<storage, read> dout: array<f32>;         // (B, T, C)
@group(0) @binding(2) var<uniform> p: Params;

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.TC; i += nwg.x * WG) {
    var acc = dwpe[i];
    for (var b = 0u; b < p.B; b++) {
      acc += dout[b * p.TC + i];
    }
    dwpe[i] = acc;
  }
}
