// scalarhead.ts against scalarhead.ref.ts on the Node WebGPU adapter (with and without bias; one row per
// sequence as a reward model reads, every row as a value head reads, and K = 3 outputs per row as a GPT-1 task
// head reads), the ScalarHead model part wired with K outputs, and the reference backward against central
// differences of its forward.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { ScalarHead } from '../../engine/model/scalar-head';
import { scalarHeadBackward, scalarHeadForward } from './scalarhead';
import { scalarHeadBackwardRef, scalarHeadForwardRef } from './scalarhead.ref';

// Dot products of C <= 100 f32 terms of size O(1): rounding ~C·ulp ≈ 1e-5 relative to the terms.
const TOL = { atol: 2e-5, rtol: 1e-5 };

describe.sequential('scalar head', () => {
  const cases = [
    { name: 'last token per sequence, no bias', B: 3, T: 5, C: 16, K: 1, bias: false, rows: [4, 7, 12] },
    { name: 'every token, with bias', B: 2, T: 33, C: 70, K: 1, bias: true, rows: null },
    { name: 'K = 3 outputs, no bias', B: 3, T: 5, C: 16, K: 3, bias: false, rows: [4, 7, 12] },
    { name: 'K = 3 outputs, every token, with bias', B: 2, T: 33, C: 70, K: 3, bias: true, rows: null },
  ];
  for (const cs of cases) {
    it(`forward and backward match the reference: ${cs.name}`, async () => {
      const ctx = await testCtx();
      const N = cs.B * cs.T, C = cs.C, K = cs.K;
      const rows = Uint32Array.from(cs.rows ?? Array.from({ length: N }, (_, i) => N - 1 - i));
      const M = rows.length;
      const rng = new Rng(M + C + K);
      const x = rng.normals(N * C), w = rng.normals(K * C), dvalues = rng.normals(M * K);
      const b = cs.bias ? Float32Array.from({ length: K }, (_, k) => 0.37 - 0.5 * k) : new Float32Array(K);
      const dx0 = rng.normals(N * C), dw0 = rng.normals(K * C), db0 = Float32Array.from({ length: K }, (_, k) => 0.5 + k);
      const tValues = ctx.tensor('values', [M, K]);
      const tX = ctx.tensorFrom('x', [N, C], x), tRows = ctx.tensorFrom('rows', [M], rows), tW = ctx.tensorFrom('w', [K, C], w);
      const tB = cs.bias ? ctx.tensorFrom('b', [K], b) : null;
      const tDx = ctx.tensorFrom('dx', [N, C], dx0), tDw = ctx.tensorFrom('dw', [K, C], dw0);
      const tDb = cs.bias ? ctx.tensorFrom('db', [K], db0) : null;
      const tDv = ctx.tensorFrom('dvalues', [M, K], dvalues);
      await noGpuErrors(ctx, () => ctx.run([...scalarHeadForward(ctx, tValues, tX, tRows, tW, tB, M, N, C, K), ...scalarHeadBackward(ctx, tDx, tDw, tDb, tDv, tX, tRows, tW, M, N, C, K)]));

      const values = new Float32Array(M * K);
      scalarHeadForwardRef(values, x, rows, w, b, M, C, K);
      const dx = dx0.slice(), dw = dw0.slice(), db = Float64Array.from(db0);
      scalarHeadBackwardRef(dx, dw, dvalues, x, rows, w, M, C, K, db);
      expectClose(await ctx.read(tValues), values, TOL, 'values');
      expectClose(await ctx.read(tDx), dx, TOL, 'dx (accumulated)');
      expectClose(await ctx.read(tDw), dw, { atol: 1e-4, rtol: 1e-5 }, 'dw (accumulated)');
      if (tDb) expectClose(await ctx.read(tDb), db, TOL, 'db (accumulated)');
    });
  }

  it('ScalarHead with outputs = 3 allocates (M, K) values and runs the K-output kernels', async () => {
    const ctx = await testCtx();
    const N = 6, C = 8, K = 3, M = 2;
    const rng = new Rng(21);
    const x = rng.normals(N * C), w = rng.normals(K * C), b = Float32Array.of(0.1, -0.2, 0.3), dvalues = rng.normals(M * K);
    const rows = Uint32Array.of(5, 2);
    const spec = { name: 'task', bias: true, outputs: K, rows: M };
    expect(ScalarHead.shapes(spec)).toEqual([['task.rows', [M]], ['task.values', [M, K]], ['task.dvalues', [M, K]]]);
    expect(ScalarHead.shapes({ name: 'score', bias: false, rows: M })).toEqual([['score.rows', [M]], ['score.values', [M]], ['score.dvalues', [M]]]);
    const params = { weight: ctx.tensorFrom('task.weight', [K, C], w), bias: ctx.tensorFrom('task.bias', [K], b) };
    const grads = { weight: ctx.tensor('task.dweight', [K, C]), bias: ctx.tensor('task.dbias', [K]) };
    const lnf = ctx.tensorFrom('lnf', [N, C], x), dlnf = ctx.tensor('dlnf', [N, C]);
    const head = new ScalarHead(ctx, spec, N, C, params, grads, lnf, dlnf);
    expect(head.K).toBe(K);
    expect(head.values.length).toBe(M * K);
    head.setRows(rows);
    ctx.write(head.dvalues, dvalues);
    await noGpuErrors(ctx, () => ctx.run([...head.forward, ...head.backward]));
    const values = new Float32Array(M * K);
    scalarHeadForwardRef(values, x, rows, w, b, M, C, K);
    const dx = new Float32Array(N * C), dw = new Float32Array(K * C), db = new Float64Array(K);
    scalarHeadBackwardRef(dx, dw, dvalues, x, rows, w, M, C, K, db);
    expectClose(await ctx.read(head.values), values, TOL, 'values');
    expectClose(await ctx.read(dlnf), dx, TOL, 'dlnf');
    expectClose(await ctx.read(grads.weight), dw, TOL, 'dweight');
    expectClose(await ctx.read(grads.bias), db, TOL, 'dbias');
  });

  it('rejects mismatched lengths with the kernel and tensor named', async () => {
    const ctx = await testCtx();
    expect(() => scalarHeadForward(ctx, ctx.tensor('v', [2]), ctx.tensor('x', [8]), ctx.tensor('r', [2], 'u32'), ctx.tensor('w', [3]), null, 2, 2, 4)).toThrow(/scalarHeadForward: w/);
    expect(() => scalarHeadForward(ctx, ctx.tensor('v', [2]), ctx.tensor('x', [8]), ctx.tensor('r', [2], 'u32'), ctx.tensor('w', [12]), null, 2, 2, 4, 3)).toThrow(/scalarHeadForward: values \(v\) has 2 elements, expected 6/);
    expect(() => scalarHeadBackward(ctx, ctx.tensor('dx', [8]), ctx.tensor('dw', [12]), ctx.tensor('db', [1]), ctx.tensor('dv', [6]), ctx.tensor('x', [8]), ctx.tensor('r', [2], 'u32'), ctx.tensor('w', [12]), 2, 2, 4, 3)).toThrow(/scalarHeadBackward: db \(db\) has 1 elements, expected 3/);
    expect(() => scalarHeadForward(ctx, ctx.tensor('v', [2]), ctx.tensor('x', [8]), ctx.tensor('r', [2], 'u32'), ctx.tensor('w', [4]), null, 2, 2, 4, 0)).toThrow(/scalarHeadForward: K must be a positive integer/);
  });

  for (const K of [1, 3]) {
    it(`reference backward matches central differences of the reference forward (K = ${K})`, () => {
      const C = 6, N = 4, M = 2, h = 1e-3;
      const rng = new Rng(9 + K);
      const x = rng.normals(N * C), w = rng.normals(K * C), b = rng.normals(K), dv = rng.normals(M * K);
      const rows = Uint32Array.of(3, 1);
      const loss = () => {
        const v = new Float32Array(M * K);
        scalarHeadForwardRef(v, x, rows, w, b, M, C, K);
        return v.reduce((a, vi, i) => a + vi * dv[i], 0);
      };
      const dx = new Float32Array(N * C), dw = new Float32Array(K * C), db = new Float64Array(K);
      const db0 = scalarHeadBackwardRef(dx, dw, dv, x, rows, w, M, C, K, db);
      const fd = (arr: Float32Array, i: number) => {
        const keep = arr[i];
        arr[i] = keep + h; const up = loss();
        arr[i] = keep - h; const down = loss();
        arr[i] = keep;
        return (up - down) / (2 * h);
      };
      for (let i = 0; i < N * C; i++) expect(dx[i]).toBeCloseTo(fd(x, i), 2);
      for (let i = 0; i < K * C; i++) expect(dw[i]).toBeCloseTo(fd(w, i), 2);
      for (let k = 0; k < K; k++) expect(db[k]).toBeCloseTo(fd(b, k), 2);
      expect(db0).toBeCloseTo(db[0], 6);
    });
  }
});
