// The lifetime of matmul's split-K and bias-gradient scratch on the Node WebGPU adapter: plans built inside an
// owner's trackBuffers scope share one scratch per size, a scratch stays valid while any owner lives, and
// destroying the owners returns allocatedBytes and liveBuffers to where they were — round after round, with
// scratch sizes that change from round to round (as models of different shapes come and go). Results are
// checked against matmul.ref.ts with matmul.test.ts's tolerance.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import type { Dispatch, GpuContext } from '../runtime/context';
import type { Tensor } from '../runtime/tensor';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { biasBackward, matmul } from './matmul';
import { matmulRef } from './matmul.ref';

/** An owner in the way a GPT is one: everything its plan allocates, freed by destroy(). */
interface Owner {
  out: Tensor;
  plan: Dispatch[];
  destroy(): void;
}

/** out (M,N) = a (M,K) · b (K,N) with split-K (few output tiles, long K), plus a bias gradient of out. */
function buildOwner(ctx: GpuContext, M: number, N: number, K: number, a: Float32Array, b: Float32Array): Owner {
  const scope = ctx.trackBuffers();
  const out = ctx.tensor('out', [M, N]);
  const dbias = ctx.tensor('dbias', [N]);
  const plan = [
    ...matmul(ctx, out, ctx.tensorFrom('a', [M, K], a), ctx.tensorFrom('b', [K, N], b), M, N, K),
    ...biasBackward(ctx, dbias, out, M, N),
  ];
  const owned = scope.stop();
  return { out, plan, destroy: () => ctx.destroyBuffers(owned) };
}

async function expectProduct(ctx: GpuContext, owner: Owner, a: Float32Array, b: Float32Array, M: number, N: number, K: number): Promise<void> {
  await noGpuErrors(ctx, () => ctx.run(owner.plan));
  const want = new Float32Array(M * N);
  matmulRef(want, a, b, null, M, N, K, false, false, false);
  expectClose(await ctx.read(owner.out), want, { atol: 1e-5 * Math.sqrt(K), rtol: 1e-5 }, `${M}x${N}x${K}`);
}

describe.sequential('matmul scratch lifetime', () => {
  it('frees split-K scratch with its last owner, whatever the sizes, round after round', async () => {
    const ctx = await testCtx();
    const M = 8, N = 16;
    const start = { bytes: ctx.allocatedBytes, buffers: ctx.liveBuffers };
    for (const K of [512, 768, 1024]) {
      const rng = new Rng(K);
      const a = rng.normals(M * K), b = rng.normals(K * N);
      const first = buildOwner(ctx, M, N, K, a, b);
      expect(first.plan.map((d) => d.label)).toContain('matmul_splitk_reduce');
      const second = buildOwner(ctx, M, N, K, a, b); // same sizes: shares the first one's scratch
      first.destroy();
      await expectProduct(ctx, second, a, b, M, N, K); // the shared scratch outlived the first owner
      second.destroy();
      expect({ bytes: ctx.allocatedBytes, buffers: ctx.liveBuffers }, `after K=${K}`).toEqual(start);
    }
  });
});
