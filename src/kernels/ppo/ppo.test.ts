// ppo.ts against ppo.ref.ts on the Node WebGPU adapter: the clipped policy coefficients and terms (ratios inside
// and outside the clip range, both advantage signs, masked tokens), the clipped value loss and its gradient, the
// row scaling, and the entropy (including large logits); the references' gradients against central differences.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { ppoPolicy, ppoValue, rowEntropy, scaleRows } from './ppo';
import { ppoPolicyRef, ppoValueRef, rowEntropyRef } from './ppo.ref';

// Per-token f32 arithmetic on O(1) values: exp and a few products, ~1e-6 relative.
const TOL = { atol: 1e-6, rtol: 1e-5 };

describe.sequential('ppo kernels', () => {
  it('policy and value terms match the reference', async () => {
    const ctx = await testCtx();
    const N = 300;
    const rng = new Rng(11);
    const losses = Float32Array.from({ length: N }, () => 0.5 + 2 * rng.uniform());
    const logpOld = Float32Array.from(losses, (l) => -l + 0.6 * rng.normal()); // ratios well outside 1 ± 0.2 too
    const adv = rng.normals(N);
    const mask = Float32Array.from({ length: N }, (_, i) => (i % 7 === 0 ? 0 : 1 / N));
    const values = rng.normals(N), valuesOld = Float32Array.from(values, (v) => v + 0.4 * rng.normal()), returns = rng.normals(N);
    const t = (name: string, a: Float32Array) => ctx.tensorFrom(name, [N], a);
    const z = (name: string) => ctx.tensor(name, [N]);
    const pol = { coef: z('coef'), pg: z('pg'), clipped: z('clipped'), kl2: z('kl2') };
    const val = { dvalues: z('dvalues'), vf: z('vf'), clipped: z('vclipped') };
    const tm = t('mask', mask);
    await noGpuErrors(ctx, () => ctx.run([
      ...ppoPolicy(ctx, pol, t('losses', losses), t('logpOld', logpOld), t('adv', adv), tm, N, 0.2),
      ...ppoValue(ctx, val, t('values', values), t('valuesOld', valuesOld), t('returns', returns), tm, N, 0.2, 0.1),
    ]));
    const p = ppoPolicyRef(losses, logpOld, adv, mask, 0.2);
    const v = ppoValueRef(values, valuesOld, returns, mask, 0.2, 0.1);
    for (const k of ['coef', 'pg', 'clipped', 'kl2'] as const) expectClose(await ctx.read(pol[k]), p[k], TOL, `policy ${k}`);
    for (const k of ['dvalues', 'vf', 'clipped'] as const) expectClose(await ctx.read(val[k]), v[k], TOL, `value ${k}`);
    expect(p.clipped.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    expect(v.clipped.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  });

  it('scales rows and computes entropies', async () => {
    const ctx = await testCtx();
    const N = 5, V = 301;
    const rng = new Rng(3);
    const logits = rng.normals(N * V, 3);
    logits[7] = 80; // a dominant logit: entropy near 0, no overflow
    const scale = rng.normals(N);
    const tx = ctx.tensorFrom('x', [N, V], logits), ts = ctx.tensorFrom('s', [N], scale), te = ctx.tensor('e', [N]);
    await noGpuErrors(ctx, () => ctx.run([...rowEntropy(ctx, te, tx, N, V), ...scaleRows(ctx, tx, ts, N, V)]));
    expectClose(await ctx.read(te), rowEntropyRef(logits, N, V), { atol: 2e-5, rtol: 1e-5 }, 'entropy');
    expectClose(await ctx.read(tx), Float32Array.from(logits, (x, i) => x * scale[Math.floor(i / V)]), TOL, 'scaled rows');
  });

  it('reference policy coefficient is −mask·d(pg)/d(logp) and the value gradient d(vf)/d(vpred), by central differences', () => {
    const rng = new Rng(5);
    const h = 1e-6;
    for (let trial = 0; trial < 200; trial++) {
      const l = 1 + rng.uniform(), lo = -l + 0.5 * rng.normal(), a = rng.normal();
      const pg = (loss: number) => ppoPolicyRef([loss], [lo], [a], [1], 0.2).pg[0];
      const dpgDlogp = (pg(l - h) - pg(l + h)) / (2 * h); // logp = −loss, so d/dlogp = −d/dloss
      const coef = ppoPolicyRef([l], [lo], [a], [1], 0.2).coef[0];
      if (Math.abs(Math.exp(-l - lo) - 0.8) > 1e-3 && Math.abs(Math.exp(-l - lo) - 1.2) > 1e-3) expect(coef).toBeCloseTo(-dpgDlogp, 4);
      const v = rng.normal(), vo = v + 0.3 * rng.normal(), r = rng.normal();
      const vf = (x: number) => ppoValueRef([x], [vo], [r], [1], 0.2, 1).vf[0];
      const g = ppoValueRef([v], [vo], [r], [1], 0.2, 1).dvalues[0];
      if (Math.abs(Math.abs(v - vo) - 0.2) > 1e-3) expect(g).toBeCloseTo((vf(v + h) - vf(v - h)) / (2 * h), 4);
    }
  });
});
