// layernorm.ts (forward and accumulating backward) against layernorm.ref.ts on the Node WebGPU adapter,
// and layernorm.ref.ts's backward against central differences of its forward in float64.
// Sizes: C=37 and C=300 (not multiples of the workgroup), C=768 (a multiple), N=1, and N=2100 with C=3
// (several rows per weight/bias partial block, 234 blocks). The forward fused with the residual add before it equals
// the residual kernel followed by the forward, bit for bit.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { residualForward } from '../residual/residual';
import { layernormBackward, layernormForward, residualLayernormForward } from './layernorm';
import { layernormBackwardRef, layernormForwardRef } from './layernorm.ref';

// Forward: f32 sums of C values for mean and variance, then a few f32 ops per element; values are O(1..10),
// so errors are a few ulps of the row's magnitude. Measured on SwiftShader: at most 0.3 of this (C=3, inputs ~5).
const FORWARD = { atol: 1e-5, rtol: 1e-5 };
// Backward: dinp subtracts two row means from g (cancellation), dweight/dbias sum N rows in f32 in another
// order than the float64 reference, so errors grow like sqrt(N) ulps of the summed terms. Measured on
// SwiftShader up to N=2100: at most 0.1 of this (3e-6 absolute).
const BACKWARD = { atol: 3e-5, rtol: 3e-5 };
// Finite differences in float64 with h = 1e-6: truncation ~h² and rounding ~1e-16/h, both far below 1e-6.
const FD = { atol: 1e-6, rtol: 1e-6 };

interface Case {
  inp: Float32Array; // (N, C)
  weight: Float32Array; // (C)
  bias: Float32Array; // (C)
  dout: Float32Array; // (N, C)
}

function makeCase(N: number, C: number, seed: number): Case {
  const rng = new Rng(seed);
  // An offset and scale so that the mean subtraction matters.
  const inp = rng.normals(N * C, 2).map((x) => x + 3);
  return { inp, weight: rng.normals(C), bias: rng.normals(C), dout: rng.normals(N * C) };
}

describe.sequential('layernorm', () => {
  for (const [N, C] of [[1, 37], [5, 37], [4, 768], [37, 300], [2100, 3]]) {
    it(`forward and accumulating backward match the reference, N=${N} C=${C}`, async () => {
      const ctx = await testCtx();
      const { inp, weight, bias, dout } = makeCase(N, C, 1000 * N + C);
      const rng = new Rng(N + C);
      const dinp0 = rng.normals(N * C), dweight0 = rng.normals(C), dbias0 = rng.normals(C);

      const out = ctx.tensor('out', [N, C]);
      const mean = ctx.tensor('mean', [N]);
      const rstd = ctx.tensor('rstd', [N]);
      const tInp = ctx.tensorFrom('inp', [N, C], inp);
      const tWeight = ctx.tensorFrom('weight', [C], weight);
      const tBias = ctx.tensorFrom('bias', [C], bias);
      const tDout = ctx.tensorFrom('dout', [N, C], dout);
      const dinp = ctx.tensorFrom('dinp', [N, C], dinp0);
      const dweight = ctx.tensorFrom('dweight', [C], dweight0);
      const dbias = ctx.tensorFrom('dbias', [C], dbias0);

      const wantOut = new Float32Array(N * C), wantMean = new Float32Array(N), wantRstd = new Float32Array(N);
      layernormForwardRef(wantOut, wantMean, wantRstd, inp, weight, bias, N, C);
      // Backward reads the reference's mean and rstd, so it is checked on its own.
      const refMean = ctx.tensorFrom('refMean', [N], wantMean), refRstd = ctx.tensorFrom('refRstd', [N], wantRstd);

      await noGpuErrors(ctx, () =>
        ctx.run([
          ...layernormForward(ctx, out, mean, rstd, tInp, tWeight, tBias, N, C),
          ...layernormBackward(ctx, dinp, dweight, dbias, tDout, tInp, tWeight, refMean, refRstd, N, C),
        ]),
      );
      expectClose(await ctx.read(out), wantOut, FORWARD, 'out');
      expectClose(await ctx.read(mean), wantMean, FORWARD, 'mean');
      expectClose(await ctx.read(rstd), wantRstd, FORWARD, 'rstd');

      const wantDinp = dinp0.slice(), wantDweight = dweight0.slice(), wantDbias = dbias0.slice();
      layernormBackwardRef(wantDinp, wantDweight, wantDbias, dout, inp, weight, wantMean, wantRstd, N, C);
      expectClose(await ctx.read(dinp), wantDinp, BACKWARD, 'dinp');
      expectClose(await ctx.read(dweight), wantDweight, BACKWARD, 'dweight');
      expectClose(await ctx.read(dbias), wantDbias, BACKWARD, 'dbias');
    });
  }

  it('backward is deterministic (bit-identical on a second run)', async () => {
    const ctx = await testCtx();
    const N = 37, C = 300;
    const { inp, weight, dout } = makeCase(N, C, 7);
    const mean = new Float32Array(N), rstd = new Float32Array(N);
    layernormForwardRef(new Float32Array(N * C), mean, rstd, inp, weight, new Float32Array(C), N, C);
    const ins = [dout, inp].map((a, i) => ctx.tensorFrom(`in${i}`, [N, C], a));
    const tWeight = ctx.tensorFrom('weight', [C], weight);
    const tMean = ctx.tensorFrom('mean', [N], mean), tRstd = ctx.tensorFrom('rstd', [N], rstd);
    const results: Float32Array[][] = [];
    for (let run = 0; run < 2; run++) {
      const grads = [ctx.tensor('dinp', [N, C]), ctx.tensor('dweight', [C]), ctx.tensor('dbias', [C])];
      await noGpuErrors(ctx, () => ctx.run(layernormBackward(ctx, grads[0], grads[1], grads[2], ins[0], ins[1], tWeight, tMean, tRstd, N, C)));
      results.push(await Promise.all(grads.map((g) => ctx.read(g))));
    }
    for (let i = 0; i < 3; i++) expect(results[1][i]).toEqual(results[0][i]);
  });

  for (const [N, C] of [[5, 37], [37, 300], [3, 768]]) {
    it(`residual add fused with LayerNorm equals the two kernels bit for bit, N=${N} C=${C}`, async () => {
      const ctx = await testCtx();
      const rng = new Rng(N * C);
      const a = rng.normals(N * C, 2), b = rng.normals(N * C, 0.5);
      const { weight, bias } = makeCase(N, C, 3);
      const tA = ctx.tensorFrom('a', [N, C], a), tB = ctx.tensorFrom('b', [N, C], b);
      const tWeight = ctx.tensorFrom('weight', [C], weight), tBias = ctx.tensorFrom('bias', [C], bias);
      const outs = () => ({ res: ctx.tensor('res', [N, C]), out: ctx.tensor('out', [N, C]), mean: ctx.tensor('mean', [N]), rstd: ctx.tensor('rstd', [N]) });
      const sep = outs(), fused = outs();
      await noGpuErrors(ctx, () =>
        ctx.run([
          residualForward(ctx, sep.res, tA, tB),
          ...layernormForward(ctx, sep.out, sep.mean, sep.rstd, sep.res, tWeight, tBias, N, C),
          ...residualLayernormForward(ctx, fused.res, fused.out, fused.mean, fused.rstd, tA, tB, tWeight, tBias, N, C),
        ]),
      );
      for (const k of ['res', 'out', 'mean', 'rstd'] as const) expect(await ctx.read(fused[k]), k).toEqual(await ctx.read(sep[k]));
      const sum = a.map((x, i) => x + b[i]);
      const want = new Float32Array(N * C);
      layernormForwardRef(want, new Float32Array(N), new Float32Array(N), sum, weight, bias, N, C);
      expectClose(await ctx.read(fused.out), want, FORWARD, 'out');
    });
  }

  it('rejects mismatched shapes with the kernel and tensor named', async () => {
    const ctx = await testCtx();
    const t = (n: number) => ctx.tensor('t', [n]);
    expect(() => layernormForward(ctx, t(10), t(2), t(2), t(10), t(4), t(5), 2, 5)).toThrow(/layernormForward: weight/);
  });

  it('reference backward matches central differences of the reference forward (float64)', () => {
    const N = 3, C = 7, h = 1e-6;
    const rng = new Rng(42);
    const f64 = (a: Float32Array) => Float64Array.from(a);
    const inp = f64(rng.normals(N * C, 2)), weight = f64(rng.normals(C)), bias = f64(rng.normals(C));
    const G = f64(rng.normals(N * C)); // (N, C) the loss is Σ G ∘ out, so dout = G
    const loss = () => {
      const out = new Float64Array(N * C);
      layernormForwardRef(out, new Float64Array(N), new Float64Array(N), inp, weight, bias, N, C);
      return out.reduce((s, o, i) => s + o * G[i], 0);
    };
    const mean = new Float64Array(N), rstd = new Float64Array(N);
    layernormForwardRef(new Float64Array(N * C), mean, rstd, inp, weight, bias, N, C);
    const dinp = new Float64Array(N * C), dweight = new Float64Array(C), dbias = new Float64Array(C);
    layernormBackwardRef(dinp, dweight, dbias, G, inp, weight, mean, rstd, N, C);

    for (const [name, x, grad] of [['dinp', inp, dinp], ['dweight', weight, dweight], ['dbias', bias, dbias]] as const) {
      const fd = x.map((xi, i) => {
        x[i] = xi + h;
        const up = loss();
        x[i] = xi - h;
        const down = loss();
        x[i] = xi;
        return (up - down) / (2 * h);
      });
      expectClose(grad, fd, FD, name);
    }
  });
});
