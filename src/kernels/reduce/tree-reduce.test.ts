// treeReduce (the shared workgroup tree reduction) on the Node WebGPU adapter: a test kernel calls a sum and then
// a max with a combine function on the same workgroup, for several workgroup sizes, and must match, bit for bit,
// a CPU model of the same tree (element i combined with i + s, s = WG/2 .. 1, rounded to f32 at each step): the
// order is part of the contract (deterministic results). The second call reads the array the first one used, so
// a missing barrier between them would show as a wrong max. Bad names are refused.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { noGpuErrors, testCtx } from '../../test/gpu';
import { treeReduce } from './tree-reduce';

const kernel = `
@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (rows, 2): sum, max of 2x
@group(0) @binding(1) var<storage, read> inp: array<f32>;       // (rows, WG)
override WG: u32 = 64;

fn larger(a: f32, b: f32) -> f32 { return max(a, b); }

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let x = inp[wid.x * WG + tid];
  let total = workgroup_sum(x, tid);
  let top = workgroup_max(2.0 * x, tid);
  if (tid == WG - 1u) {
    out[2u * wid.x] = total;
    out[2u * wid.x + 1u] = top;
  }
}
${treeReduce({ fn: 'workgroup_sum', type: 'f32', combine: '+' })}
${treeReduce({ fn: 'workgroup_max', type: 'f32', combine: 'larger', array: 'shared_max' })}
`;

/** The GPU's tree, in f32. */
function treeSum(values: Float32Array): number {
  const red = Float32Array.from(values);
  for (let s = red.length / 2; s > 0; s >>= 1) {
    for (let i = 0; i < s; i++) red[i] = Math.fround(red[i] + red[i + s]);
  }
  return red[0];
}

describe.sequential('treeReduce', () => {
  for (const WG of [32, 64, 256]) {
    it(`sums in the fixed tree order and can be called twice, WG=${WG}`, async () => {
      const ctx = await testCtx();
      const rows = 3;
      const rng = new Rng(WG);
      // Values of mixed magnitude, so a different summation order would round differently.
      const inp = Float32Array.from({ length: rows * WG }, () => rng.normal() * 10 ** rng.int(4));
      const tIn = ctx.tensorFrom('tree.inp', [rows, WG], inp);
      const tOut = ctx.tensor('tree.out', [rows, 2]);
      await noGpuErrors(ctx, () => ctx.run([ctx.dispatch({ name: 'tree_reduce_test', code: kernel, constants: { WG } }, [tOut, tIn], [rows])]));
      const got = await ctx.read(tOut);
      for (let r = 0; r < rows; r++) {
        const row = inp.subarray(r * WG, (r + 1) * WG);
        expect(got[2 * r], `row ${r} sum`).toBe(treeSum(row));
        expect(got[2 * r + 1], `row ${r} max`).toBe(Math.fround(2 * Math.max(...row)));
      }
      ctx.destroyBuffers([tIn.buffer, tOut.buffer]);
    });
  }

  it('refuses names that are not WGSL identifiers', () => {
    expect(() => treeReduce({ fn: 'sum;', type: 'f32', combine: '+' })).toThrow(/not a WGSL identifier/);
    expect(() => treeReduce({ fn: 'sum', type: 'f32', combine: '-' })).toThrow(/combine must be/);
    expect(() => treeReduce({ fn: 'sum', type: 'f32', combine: '+', array: 'a b' })).toThrow(/not a WGSL identifier/);
  });
});
