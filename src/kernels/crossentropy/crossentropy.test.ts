// crossentropy.ts against crossentropy.ref.ts on the Node WebGPU adapter, and crossentropy.ref.ts's gradient
// against central differences of its weighted loss in float64. Sizes: V=1, V=37 and V=1000 (not multiples of
// the workgroup, and larger than it), N=1; logits of normal scale and of ±1e3; masked rows (weight 0).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { crossEntropyForwardBackward } from './crossentropy';
import { crossEntropyForwardBackwardRef } from './crossentropy.ref';

// Losses: log of a V-term f32 sum plus (max − target logit); a few ulp of the loss, whose scale is up to
// ~2e3 with ±1e3 logits — rtol covers the scale, atol the near-zero losses (V=1 gives exactly 0).
const LOSS = { atol: 1e-5, rtol: 1e-5 };
// dlogits: an f32 exp and division per element, times a weight <= 1; probabilities <= 1, so 1e-6 absolute.
// Measured on SwiftShader (V up to 20000, logits ±1e3): at most 0.01 of these, losses and dlogits.
const DLOGITS = { atol: 1e-6, rtol: 1e-5 };
// Finite differences in float64 with h = 1e-6: truncation ~h² and rounding ~1e-16/h, both far below 1e-7.
const FD = { atol: 1e-7, rtol: 1e-7 };

/** Targets in [0, V) and weights normalized to sum 1, with every third row masked (weight 0). */
function targetsAndWeights(rng: Rng, N: number, V: number): { targets: Uint32Array; weights: Float32Array } {
  const targets = Uint32Array.from({ length: N }, () => rng.int(V));
  const raw = Array.from({ length: N }, (_, i) => (i % 3 === 1 ? 0 : 0.5 + rng.uniform()));
  const total = raw.reduce((a, b) => a + b, 0);
  return { targets, weights: Float32Array.from(raw, (w) => w / total) };
}

describe.sequential('crossentropy', () => {
  const cases = [
    { N: 1, V: 1, scale: 1 },
    { N: 5, V: 37, scale: 1 },
    { N: 4, V: 1000, scale: 3 },
    { N: 4, V: 300, scale: 1e3 },
    { N: 3, V: 1000, scale: 1e3 },
  ];
  for (const { N, V, scale } of cases) {
    it(`losses and dlogits match the reference, N=${N} V=${V} logits ~${scale}`, async () => {
      const ctx = await testCtx();
      const rng = new Rng(N * V + scale);
      const logits = rng.uniforms(N * V, -scale, scale);
      const { targets, weights } = targetsAndWeights(rng, N, V);
      const losses = ctx.tensor('losses', [N]);
      // Pre-filled: dlogits is overwritten, masked rows included.
      const dlogits = ctx.tensorFrom('dlogits', [N, V], rng.normals(N * V));
      const tLogits = ctx.tensorFrom('logits', [N, V], logits);
      const tTargets = ctx.tensorFrom('targets', [N], targets), tWeights = ctx.tensorFrom('weights', [N], weights);
      await noGpuErrors(ctx, () => ctx.run(crossEntropyForwardBackward(ctx, losses, dlogits, tLogits, tTargets, tWeights, N, V)));

      const wantLosses = new Float32Array(N), wantDlogits = new Float32Array(N * V);
      crossEntropyForwardBackwardRef(wantLosses, wantDlogits, logits, targets, weights, N, V);
      const gotLosses = await ctx.read(losses), gotDlogits = await ctx.read(dlogits);
      expectClose(gotLosses, wantLosses, LOSS, 'losses');
      expectClose(gotDlogits, wantDlogits, DLOGITS, 'dlogits');
      expect(gotLosses.every(Number.isFinite) && gotDlogits.every(Number.isFinite)).toBe(true);
      for (let r = 0; r < N; r++) {
        if (weights[r] === 0) expect(gotDlogits.subarray(r * V, (r + 1) * V).every((g) => g === 0), `masked row ${r}`).toBe(true);
      }
    });
  }

  it('rejects float targets and mismatched lengths with the kernel and tensor named', async () => {
    const ctx = await testCtx();
    const t = (n: number) => ctx.tensor('t', [n]);
    expect(() => crossEntropyForwardBackward(ctx, t(2), t(6), t(6), t(2), t(2), 2, 3)).toThrow(/crossEntropyForwardBackward: targets .* must be u32/);
    expect(() => crossEntropyForwardBackward(ctx, t(2), t(6), t(5), t(2), t(2), 2, 3)).toThrow(/crossEntropyForwardBackward: logits/);
  });

  it('reference dlogits match central differences of Σ weights ∘ losses (float64)', () => {
    const N = 4, V = 6, h = 1e-6;
    const rng = new Rng(9);
    const logits = Float64Array.from(rng.normals(N * V, 2));
    const tw = targetsAndWeights(rng, N, V);
    const weights = Float64Array.from(tw.weights);
    const loss = () => {
      const losses = new Float64Array(N);
      crossEntropyForwardBackwardRef(losses, new Float64Array(N * V), logits, tw.targets, weights, N, V);
      return losses.reduce((s, l, i) => s + l * weights[i], 0);
    };
    const dlogits = new Float64Array(N * V);
    crossEntropyForwardBackwardRef(new Float64Array(N), dlogits, logits, tw.targets, weights, N, V);
    const fd = logits.map((xi, i) => {
      logits[i] = xi + h;
      const up = loss();
      logits[i] = xi - h;
      const down = loss();
      logits[i] = xi;
      return (up - down) / (2 * h);
    });
    expectClose(dlogits, fd, FD, 'dlogits');
  });
});
