// residual.wgsl against residual.ref.ts on the Node WebGPU adapter (SwiftShader in CI).
// Tolerance: a single f32 add is exact in both, so atol = rtol = 0.
import { describe, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { accumulate, residualForward } from './residual';
import { accumulateRef, residualForwardRef } from './residual.ref';

const EXACT = { atol: 0, rtol: 0 };

describe.sequential('residual', () => {
  for (const N of [1, 255, 257, 70_001]) {
    it(`adds and accumulates N=${N}`, async () => {
      const ctx = await testCtx();
      const rng = new Rng(N);
      const a = rng.normals(N), b = rng.normals(N);
      const out = ctx.tensor('out', [N]);
      const ta = ctx.tensorFrom('a', [N], a), tb = ctx.tensorFrom('b', [N], b);
      await noGpuErrors(ctx, () => ctx.run([residualForward(ctx, out, ta, tb), accumulate(ctx, out, ta)]));
      const want = new Float32Array(N);
      residualForwardRef(want, a, b, N);
      accumulateRef(want, a, N);
      expectClose(await ctx.read(out), want, EXACT, 'residual');
    });
  }
});
