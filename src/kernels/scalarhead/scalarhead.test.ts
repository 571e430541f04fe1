// scalarhead.ts against scalarhead.ref.ts on the Node WebGPU adapter (with and without bias; one row per
// sequence as a reward model reads, and every row as a value head reads), and the reference backward against
// central differences of its forward.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { scalarHeadBackward, scalarHeadForward } from './scalarhead';
import { scalarHeadBackwardRef, scalarHeadForwardRef } from './scalarhead.ref';

// Dot products of C <= 100 f32 terms of size O(1): rounding ~C·ulp ≈ 1e-5 relative to the terms.
const TOL = { atol: 2e-5, rtol: 1e-5 };

describe.sequential('scalar head', () => {
  const cases = [
    { name: 'last token per sequence, no bias', B: 3, T: 5, C: 16, bias: false, rows: [4, 7, 12] },
    { name: 'every token, with bias', B: 2, T: 33, C: 70, bias: true, rows: null },
  ];
  for (const cs of cases) {
    it(`forward and backward match the reference: ${cs.name}`, async () => {
      const ctx = await testCtx();
      const N = cs.B * cs.T, C = cs.C;
      const rows = Uint32Array.from(cs.rows ?? Array.from({ length: N }, (_, i) => N - 1 - i));
      const M = rows.length;
      const rng = new Rng(M + C);
      const x = rng.normals(N * C), w = rng.normals(C), dvalues = rng.normals(M);
      const b = cs.bias ? 0.37 : 0;
      const dx0 = rng.normals(N * C), dw0 = rng.normals(C), db0 = 0.5;
      const tValues = ctx.tensor('values', [M]);
      const tX = ctx.tensorFrom('x', [N, C], x), tRows = ctx.tensorFrom('rows', [M], rows), tW = ctx.tensorFrom('w', [C], w);
      const tB = cs.bias ? ctx.tensorFrom('b', [1], Float32Array.of(b)) : null;
      const tDx = ctx.tensorFrom('dx', [N, C], dx0), tDw = ctx.tensorFrom('dw', [C], dw0);
      const tDb = cs.bias ? ctx.tensorFrom('db', [1], Float32Array.of(db0)) : null;
      const tDv = ctx.tensorFrom('dvalues', [M], dvalues);
      await noGpuErrors(ctx, () => ctx.run([...scalarHeadForward(ctx, tValues, tX, tRows, tW, tB, M, N, C), ...scalarHeadBackward(ctx, tDx, tDw, tDb, tDv, tX, tRows, tW, M, N, C)]));

      const values = new Float32Array(M);
      scalarHeadForwardRef(values, x, rows, w, b, M, C);
      const dx = dx0.slice(), dw = dw0.slice();
      const db = scalarHeadBackwardRef(dx, dw, dvalues, x, rows, w, M, C);
      expectClose(await ctx.read(tValues), values, TOL, 'values');
      expectClose(await ctx.read(tDx), dx, TOL, 'dx (accumulated)');
      expectClose(await ctx.read(tDw), dw, { atol: 1e-4, rtol: 1e-5 }, 'dw (accumulated)');
      if (tDb) expectClose(await ctx.read(tDb), [db0 + db], TOL, 'db (accumulated)');
    });
  }

  it('rejects mismatched lengths with the kernel and tensor named', async () => {
    const ctx = await testCtx();
    expect(() => scalarHeadForward(ctx, ctx.tensor('v', [2]), ctx.tensor('x', [8]), ctx.tensor('r', [2], 'u32'), ctx.tensor('w', [3]), null, 2, 2, 4)).toThrow(/scalarHeadForward: w/);
  });

  it('reference backward matches central differences of the reference forward', () => {
    const C = 6, N = 4, M = 2, h = 1e-3;
    const rng = new Rng(9);
    const x = rng.normals(N * C), w = rng.normals(C), dv = rng.normals(M);
    const rows = Uint32Array.of(3, 1);
    const loss = (xx: Float32Array, ww: Float32Array) => {
      const v = new Float32Array(M);
      scalarHeadForwardRef(v, xx, rows, ww, 0, M, C);
      return v.reduce((a, vi, m) => a + vi * dv[m], 0);
    };
    const dx = new Float32Array(N * C), dw = new Float32Array(C);
    scalarHeadBackwardRef(dx, dw, dv, x, rows, w, M, C);
    const fd = (arr: Float32Array, i: number, f: () => number) => {
      const keep = arr[i];
      arr[i] = keep + h; const up = f();
      arr[i] = keep - h; const down = f();
      arr[i] = keep;
      return (up - down) / (2 * h);
    };
    for (let i = 0; i < N * C; i++) expect(dx[i]).toBeCloseTo(fd(x, i, () => loss(x, w)), 2);
    for (let c = 0; c < C; c++) expect(dw[c]).toBeCloseTo(fd(w, c, () => loss(x, w)), 2);
  });
});
