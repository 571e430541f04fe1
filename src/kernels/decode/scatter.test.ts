// scatter_rows.wgsl against scatter.ref.ts on the Node WebGPU adapter (SwiftShader in CI). The output is
// pre-filled with values that must survive at every position not written. Tolerance: exact (a copy).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { scatterRows } from './scatter';
import { scatterRowsRef } from './scatter.ref';

const EXACT = { atol: 0, rtol: 0 };

describe.sequential('scatterRows', () => {
  // T=1; rows at the first, last and the same position; W over one workgroup; B*W above 4096 x 256 (grid-stride).
  for (const { B, T, W, pos } of [
    { B: 1, T: 1, W: 5, pos: [0] },
    { B: 4, T: 7, W: 97, pos: [0, 6, 3, 3] },
    { B: 3, T: 5, W: 300, pos: [4, 0, 2] },
    { B: 2, T: 3, W: 600_000, pos: [1, 2] },
  ]) {
    it(`writes row b at pos[b] and nothing else (B=${B} T=${T} W=${W})`, async () => {
      const ctx = await testCtx();
      const rng = new Rng(B * 31 + T * 7 + W);
      const before = rng.normals(B * T * W), rows = rng.normals(B * W);
      const out = ctx.tensorFrom('out', [B, T, W], before);
      const tRows = ctx.tensorFrom('rows', [B, W], rows), tPos = ctx.tensorFrom('pos', [B], Uint32Array.from(pos));
      await noGpuErrors(ctx, () => ctx.run(scatterRows(ctx, out, tRows, tPos, B, T, W)));
      const want = before.slice();
      scatterRowsRef(want, rows, Uint32Array.from(pos), B, T, W);
      expectClose(await ctx.read(out), want, EXACT, 'out');
      ctx.destroyBuffers([out.buffer, tRows.buffer, tPos.buffer]);
    });
  }

  it('rejects mismatched shapes and a float position buffer', async () => {
    const ctx = await testCtx();
    const out = ctx.tensor('out', [2, 3, 4]), rows = ctx.tensor('rows', [2, 4]);
    expect(() => scatterRows(ctx, out, ctx.tensor('rows5', [2, 5]), ctx.tensor('pos', [2], 'u32'), 2, 3, 4)).toThrow(/rows \(B,W\).*expected 8/);
    expect(() => scatterRows(ctx, out, rows, ctx.tensor('posf', [2]), 2, 3, 4)).toThrow(/pos .* must be u32/);
    expect(() => scatterRowsRef(new Float32Array(24), new Float32Array(8), Uint32Array.from([0, 3]), 2, 3, 4)).toThrow(/pos\[1\] = 3/);
  });
});
