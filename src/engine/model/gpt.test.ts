// The GPU GPT against PyTorch golden fixtures: logits, loss, every parameter gradient, the masked loss, and
// the losses and gradient norms of 5 AdamW steps with clipping (torch.optim.AdamW, decay on 2-D weights only).
// Tolerances: f32 on both sides with different summation orders → ~1e-5 relative on logits and loss; gradients
// per tensor relative to the tensor's largest entry (tiny q/k bias gradients make a pure rtol meaningless).
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN } from '../config';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { expectTensorsClose, loadGoldenFixture } from '../fixtures/load-fixture';
import { AdamWOptimizer } from '../train/optimizer';
import { GPT, METRIC } from './gpt';

describe('GPU GPT vs PyTorch fixtures', () => {
  const fx = loadGoldenFixture();

  it('forward and backward match', async () => {
    const ctx = await testCtx();
    const model = new GPT(ctx, fx.cfg, fx.B, fx.T, { training: true });
    model.loadParams(fx.params);
    model.setBatch(fx.inputs, fx.targets);
    await noGpuErrors(ctx, async () => {
      const enc = ctx.device.createCommandEncoder();
      model.zeroGrads(enc);
      ctx.encode(enc, [...model.forward, ...model.backward]);
      ctx.device.queue.submit([enc.finish()]);
      await ctx.sync();
    });
    const metrics = await ctx.read(model.metrics);
    expect(metrics[METRIC.loss]).toBeCloseTo(fx.loss, 5);
    expectClose(await ctx.read(model.lmHead.logits), fx.logits, { atol: 2e-5, rtol: 1e-4 }, 'logits');
    expectTensorsClose(await ctx.read(model.grads!.all), fx.grads, fx.layout, 2e-4, 'grad');
  });

  it('masked loss matches', async () => {
    const ctx = await testCtx();
    const model = new GPT(ctx, fx.cfg, fx.B, fx.T, { training: false });
    model.loadParams(fx.params);
    model.setBatch(fx.inputs, fx.targets, fx.masked.weights);
    await noGpuErrors(ctx, () => ctx.run(model.forward));
    expect((await ctx.read(model.metrics))[METRIC.loss]).toBeCloseTo(fx.masked.loss, 5);
  });

  it('5 AdamW steps with clipping match torch.optim.AdamW', async () => {
    const ctx = await testCtx();
    const a = fx.adamw;
    const model = new GPT(ctx, fx.cfg, fx.B, fx.T, { training: true });
    model.loadParams(fx.params);
    model.setBatch(fx.inputs, fx.targets);
    const opt = new AdamWOptimizer(ctx, model, { ...DEFAULT_TRAIN, lr: a.lr, beta1: a.betas[0], beta2: a.betas[1], eps: a.eps, weightDecay: a.weight_decay, gradClip: a.max_grad_norm });
    const losses: number[] = [];
    const norms: number[] = [];
    for (let t = 1; t <= a.steps; t++) {
      opt.setStep(t, a.lr);
      await noGpuErrors(ctx, async () => {
        const enc = ctx.device.createCommandEncoder();
        model.zeroGrads(enc);
        ctx.encode(enc, [...model.forward, ...model.backward, ...opt.plan]);
        ctx.device.queue.submit([enc.finish()]);
      });
      const m = await ctx.read(model.metrics);
      losses.push(m[METRIC.loss]);
      norms.push(m[METRIC.gradNorm]);
    }
    ctx.run(model.forward);
    const final = (await ctx.read(model.metrics))[METRIC.loss];
    expectClose(losses, a.losses, { atol: 2e-5, rtol: 2e-5 }, 'AdamW losses');
    expectClose(norms, a.grad_norms, { atol: 1e-5, rtol: 1e-4 }, 'gradient norms');
    expect(final).toBeCloseTo(a.final_loss, 4);
  });
});
