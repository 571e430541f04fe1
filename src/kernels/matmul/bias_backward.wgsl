// Bias gradient: dbias (N) = sum over the M rows of dout (M, N), without atomics, in two passes with the same
// bindings (dst, src, params):
//   reduce_rows:   partials (blocks, N) <- dout (M, N); workgroup (x, y) sums rows [y*rowsPerBlock, ...) of
//                  64 columns, 4 row lanes per column, so each warp reads 32 consecutive floats of a row.
//   reduce_blocks: dbias (N) <- partials, one thread per column, blocks summed in order [+ old dbias].
// The order of every sum is fixed, so the result is deterministic. Tested by matmul.test.ts.

struct Params { M: u32, N: u32, rowsPerBlock: u32, blocks: u32, accumulate: u32 }

@group(0) @binding(0) var<storage, read_write> dst: array<f32>;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

const WG = 256u;
const COLS = 64u;
const LANES = WG / COLS;

var<workgroup> lanes: array<f32, WG>;

@compute @workgroup_size(WG)
fn reduce_rows(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = tid % COLS;
  let lane = tid / COLS;
  let col = wg.x * COLS + c;
  let rowEnd = min(p.M, (wg.y + 1u) * p.rowsPerBlock);
  var x = 0.0;
  if (col < p.N) {
    for (var r = wg.y * p.rowsPerBlock + lane; r < rowEnd; r += LANES) { x += src[r * p.N + col]; }
  }
  lanes[tid] = x;
  workgroupBarrier();
  if (lane == 0u && col < p.N) {
    dst[wg.y * p.N + col] = ((lanes[c] + lanes[c + COLS]) + lanes[c + 2u * COLS]) + lanes[c + 3u * COLS];
  }
}

@compute @workgroup_size(WG)
fn reduce_blocks(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let col = gid.x + gid.y * nwg.x * WG;
  if (col >= p.N) { return; }
  var x = 0.0;
  for (var blk = 0u; blk < p.blocks; blk++) { x += src[blk * p.N + col]; }
  if (p.accumulate == 1u) { x = dst[col] + x; }
  dst[col] = x;
}
