// LayerNorm backward, first half of the weight/bias gradient: for each block of rows and each channel,
//   partial[block, c] = (Σ dout[r,c], Σ dout[r,c]*norm[r,c]) over the block's rows r.
// One invocation per channel (consecutive invocations read consecutive channels: coalesced), one workgroup
// row per block; a fixed block split keeps the sum order, hence the result, deterministic without atomics.
// layernorm_dparams_final.wgsl sums the blocks. Launched by layernorm.ts, tested by layernorm.test.ts.

struct Params { N: u32, C: u32, rows_per_block: u32 }

@group(0) @binding(0) var<storage, read_write> partial: array<vec2<f32>>; // (blocks, C) of (dbias, dweight)
@group(0) @binding(1) var<storage, read> dout: array<f32>;                // (N, C)
@group(0) @binding(2) var<storage, read> inp: array<f32>;                 // (N, C)
@group(0) @binding(3) var<storage, read> mean: array<f32>;                // (N)
@group(0) @binding(4) var<storage, read> rstd: array<f32>;                // (N)
@group(0) @binding(5) var<uniform> p: Params;

override WG: u32 = 128;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let c = wid.x * WG + tid;
  if (c >= p.C) { return; }
  let block = wid.y;
  let r0 = block * p.rows_per_block;
  let r1 = min(r0 + p.rows_per_block, p.N);
  var acc = vec2<f32>(0.0);
  for (var r = r0; r < r1; r++) {
    let d = dout[r * p.C + c];
    acc += vec2<f32>(d, d * (inp[r * p.C + c] - mean[r]) * rstd[r]);
  }
  partial[block * p.C + c] = acc;
}
