// Dynamic loss scaling (loss-scaler.ts, gradnorm's loss-scaled stage, adamw's skip flag), forced on in f32 on
// the Node WebGPU adapter (SwiftShader in CI) with a small GPT:
// - finite gradients: the update equals the unscaled one. S is a power of two and backward is linear in the
//   loss gradient, so every scaled gradient is exactly S times the unscaled one and the unscale is exact too:
//   parameters, moments and gradient norms agree to f32 rounding (the tolerance allows a few ulp where a
//   compiler might contract the multiply by S differently);
// - a loss scale so large that the squared gradients overflow f32: the step is skipped (parameters and AdamW
//   moments bit-identical), S halves, the skipped count and the scale reach StepMetrics, training goes on;
// - S doubles after growthInterval finite steps in a row, and the count restarts after a skip;
// - skipped steps in a row at every scale end in a divergence;
// - the scaler's metrics slots are free in METRIC, and without loss scaling nothing of it is built;
// - on Dawn's null backend (shader-f16, nothing runs): 'auto' gives f16 matmuls and turns loss scaling on, and a
//   mixed-precision step is planned and submitted without validation errors; 'f32' turns both off.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { nullCtx } from '../../test/null-gpu';
import type { GpuContext } from '../../kernels/runtime/context';
import { splitCorpus } from '../data/corpus';
import { DEFAULT_TRAIN } from '../config';
import { METRIC } from '../model/gpt';
import { INITIAL_LOSS_SCALE, LOSS_SCALE_METRIC, MAX_CONSECUTIVE_SKIPS, type LossScalerOptions } from './loss-scaler';
import { Trainer, TrainingDivergedError, type StepMetrics } from './trainer';
import { setPrecision, type PrecisionSetting } from '../../kernels/matmul/precision';

const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8').slice(0, 20_000);
const model = { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16 };

function makeTrainer(ctx: GpuContext, lossScaling?: boolean | LossScalerOptions, precision?: PrecisionSetting): { trainer: Trainer; metrics: StepMetrics[] } {
  const trainer = new Trainer(ctx, { model, train: { ...DEFAULT_TRAIN, batchSize: 2, steps: 50, warmupSteps: 0, seed: 5 }, corpus: splitCorpus(text, model.blockSize), lossScaling, precision, maxInFlight: 1 });
  const metrics: StepMetrics[] = [];
  trainer.onStep = (m) => metrics.push(m);
  return { trainer, metrics };
}

async function snapshot(ctx: GpuContext, t: Trainer): Promise<{ params: Float32Array; m: Float32Array; v: Float32Array }> {
  await t.flush();
  return { params: await t.model.readParams(), m: await ctx.read(t.optimizer.m), v: await ctx.read(t.optimizer.v) };
}

const bits = (x: Float32Array): number[] => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length));
const ULP_TOL = { atol: 1e-7, rtol: 4e-7 };

describe.sequential('loss scaling (forced on, f32)', () => {
  it('the scaler\'s metrics slots are not METRIC slots, and an f32 loop builds no scaler', async () => {
    const used = Object.entries(METRIC).filter(([k]) => k !== 'length').map(([, v]) => v);
    expect(used).not.toContain(LOSS_SCALE_METRIC.lossScale);
    expect(used).not.toContain(LOSS_SCALE_METRIC.skippedSteps);
    expect(LOSS_SCALE_METRIC.skippedSteps).toBeLessThan(METRIC.length);
    const ctx = await testCtx();
    const { trainer, metrics } = makeTrainer(ctx, false);
    expect(trainer.loop.lossScaling).toBe(false);
    expect(trainer.optimizer.clipScale.length).toBe(1);
    await trainer.step();
    await trainer.flush();
    expect(metrics[0].lossScale).toBeUndefined();
    trainer.destroy();
  });

  it('with finite gradients the update equals the unscaled f32 update', async () => {
    const ctx = await testCtx();
    const plain = makeTrainer(ctx, false);
    const scaled = makeTrainer(ctx, true);
    expect(scaled.trainer.loop.lossScaling).toBe(true);
    for (let i = 0; i < 3; i++) {
      await plain.trainer.step();
      await scaled.trainer.step();
    }
    const a = await snapshot(ctx, plain.trainer), b = await snapshot(ctx, scaled.trainer);
    expectClose(b.params, a.params, ULP_TOL, 'params');
    expectClose(b.m, a.m, ULP_TOL, 'm');
    expectClose(b.v, a.v, { atol: 1e-12, rtol: 1e-6 }, 'v');
    expectClose(scaled.metrics.map((m) => m.gradNorm), plain.metrics.map((m) => m.gradNorm), { atol: 0, rtol: 1e-6 }, 'gradient norms (unscaled)');
    expect(scaled.metrics.map((m) => m.loss)).toEqual(plain.metrics.map((m) => m.loss));
    expect(scaled.metrics.map((m) => [m.lossScale, m.skippedSteps])).toEqual([[INITIAL_LOSS_SCALE, 0], [INITIAL_LOSS_SCALE, 0], [INITIAL_LOSS_SCALE, 0]]);
    console.log(`loss scaling: params ${bits(b.params).every((x, i) => x === bits(a.params)[i]) ? 'bit-identical' : 'within f32 rounding'} to the unscaled run after 3 steps`);
    plain.trainer.destroy();
    scaled.trainer.destroy();
  });

  it('an overflowing step is skipped (weights and moments untouched), S halves, and training goes on', async () => {
    const ctx = await testCtx();
    const { trainer, metrics } = makeTrainer(ctx, { growthInterval: 2 });
    await trainer.step(); // one ordinary step, so the moments are not zero
    const before = await snapshot(ctx, trainer);
    const huge = 2 ** 100; // dlogits ~1e-2 * 2^100: the sum of squared gradients overflows f32
    trainer.optimizer.scaler!.write({ scale: huge, good: 1, skipped: 0 });
    await trainer.step();
    const after = await snapshot(ctx, trainer);
    expect(bits(after.params)).toEqual(bits(before.params));
    expect(bits(after.m)).toEqual(bits(before.m));
    expect(bits(after.v)).toEqual(bits(before.v));
    expect(await trainer.optimizer.scaler!.read()).toEqual({ scale: huge / 2, good: 0, skipped: 1 });
    expect(metrics[1].lossScale).toBe(huge);
    expect(metrics[1].skippedSteps).toBe(1);
    expect(Number.isFinite(metrics[1].gradNorm)).toBe(false);
    expect(Number.isFinite(metrics[1].loss)).toBe(true);
    expect(() => trainer.throwIfDiverged()).not.toThrow();
    expect(trainer.lastGoodStep).toBe(2);
    // Back to an ordinary scale: the next step updates again, and S doubles after growthInterval = 2 of them.
    trainer.optimizer.scaler!.write({ scale: 1024, good: 0, skipped: 1 });
    await trainer.step();
    const moved = await snapshot(ctx, trainer);
    expect(bits(moved.params)).not.toEqual(bits(after.params));
    expect(await trainer.optimizer.scaler!.read()).toEqual({ scale: 1024, good: 1, skipped: 1 });
    await trainer.step();
    await trainer.flush();
    expect(await trainer.optimizer.scaler!.read()).toEqual({ scale: 2048, good: 0, skipped: 1 });
    expect(metrics.map((m) => m.lossScale)).toEqual([INITIAL_LOSS_SCALE, huge, 1024, 1024]);
    trainer.destroy();
  });

  it(`${MAX_CONSECUTIVE_SKIPS} skipped steps in a row are a divergence`, async () => {
    const ctx = await testCtx();
    const { trainer } = makeTrainer(ctx, { initialScale: 2 ** 127 }); // still overflowing after 40 halvings
    for (let i = 0; i < MAX_CONSECUTIVE_SKIPS - 1; i++) await trainer.step();
    await trainer.flush();
    expect(() => trainer.throwIfDiverged()).not.toThrow();
    expect((await trainer.optimizer.scaler!.read()).skipped).toBe(MAX_CONSECUTIVE_SKIPS - 1);
    await trainer.step();
    await trainer.flush();
    expect(() => trainer.throwIfDiverged()).toThrow(TrainingDivergedError);
    trainer.destroy();
  });

  it("mixed precision on Dawn's null backend: auto gives f16 matmuls and loss scaling, a step validates; f32 turns both off", async () => {
    const ctx = await nullCtx();
    const mixed = makeTrainer(ctx, undefined, 'auto').trainer;
    expect(mixed.precision).toBe('f16');
    expect(mixed.loop.lossScaling).toBe(true);
    const labels = mixed.loop['plan'].map((d) => d.label);
    expect(labels.filter((l) => l.endsWith('_f16')).length, 'every matmul of the step takes f16 inputs').toBe(labels.filter((l) => l.startsWith('matmul_') && l !== 'matmul_splitk_reduce').length);
    expect(labels).toContain('loss_scale_gradient');
    expect(labels).toContain('gradnorm_loss_scaled');
    expect(labels).toContain('adamw_skip_flagged');
    // Submits the step (nothing runs on the null backend, so its metrics are not waited for).
    await noGpuErrors(ctx, () => mixed.step());
    mixed.destroy();
    const plain = makeTrainer(ctx, undefined, 'f32').trainer;
    expect(plain.precision).toBe('f32');
    expect(plain.loop.lossScaling).toBe(false);
    expect(plain.loop['plan'].some((d) => d.label.endsWith('_f16'))).toBe(false);
    plain.destroy();
    setPrecision(ctx, 'auto');
  });
});
