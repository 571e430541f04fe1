// The stage objectives on the GPU against PyTorch golden fixtures (scripts/fixtures/stage_fixtures.py): SFT's
// L3 = L2 + λ·L1 with the prompt masked and a padded row (loss and every gradient), and the reward model's K-way
// ranking loss through the score head on each sequence's last token (scores, loss, accuracy, margin, every
// gradient including score.weight). Tolerances as gpt.test.ts: f32 on both sides, different summation orders.
import { describe, expect, it } from 'vitest';
import { packGroups, rankingLoss } from '../../kernels/ranking/ranking';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { REWARD_HEAD } from '../checkpoint/gpt2-checkpoint';
import { expectTensorsClose, loadRewardFixture, loadSftFixture } from '../fixtures/load-fixture';
import { GPT, METRIC } from '../model/gpt';
import { sftBatch } from './sft-batch';

async function forwardBackward(model: GPT, extra: Parameters<typeof model.ctx.encode>[1] = []): Promise<void> {
  const ctx = model.ctx;
  await noGpuErrors(ctx, async () => {
    const enc = ctx.device.createCommandEncoder();
    model.zeroGrads(enc);
    ctx.encode(enc, [...model.forward, ...extra, ...model.backward]);
    ctx.device.queue.submit([enc.finish()]);
    await ctx.sync();
  });
}

describe('stage objectives vs PyTorch fixtures', () => {
  it('SFT: L2 + λ·L1 with the prompt masked, a padded row, and every gradient', async () => {
    const fx = loadSftFixture();
    const ctx = await testCtx();
    const { B, T } = fx;
    const examples = fx.promptLen.map((promptLen, b) => ({ ids: fx.tokens.slice(b * (T + 1), b * (T + 1) + fx.length[b]), promptLen }));
    const model = new GPT(ctx, fx.cfg, B, T, { training: true });
    model.loadParams(fx.params);
    const batch = sftBatch(examples, B, T, fx.lambda);
    expect(Array.from(batch.completion)).toEqual(Array.from(fx.completionMask));
    model.setBatch(batch.inputs, batch.targets, batch.weights, true);
    await forwardBackward(model);
    expect((await ctx.read(model.metrics))[METRIC.loss]).toBeCloseTo(fx.loss, 5);
    expectTensorsClose(await ctx.read(model.grads!.all), fx.grads, fx.layout, 2e-4, 'SFT grad');

    const plain = sftBatch(examples, B, T, 0);
    model.setBatch(plain.inputs, plain.targets, plain.weights, true);
    ctx.run(model.forward);
    expect((await ctx.read(model.metrics))[METRIC.loss]).toBeCloseTo(fx.lossLambda0, 5);
    model.destroy();
  });

  it('reward model: K-way ranking loss through the score head, every gradient', async () => {
    const fx = loadRewardFixture();
    const ctx = await testCtx();
    const N = fx.G * fx.K;
    const { T } = fx;
    const model = new GPT(ctx, fx.cfg, N, T, { training: true, lmHead: false, scalarHeads: [{ ...REWARD_HEAD, rows: N }] });
    const flat = new Float32Array(model.layout.total);
    for (const s of model.layout.specs) {
      const from = fx.layout.specs.find((o) => o.name === s.name);
      flat.set(from ? fx.params.subarray(from.offset, from.offset + from.length) : fx.scoreWeight, s.offset);
    }
    model.loadParams(flat);
    model.setInputs(fx.tokens);
    const head = model.head(REWARD_HEAD.name);
    head.setRows(Uint32Array.from(fx.last, (pos, b) => b * T + pos));
    const maxGroups = fx.G;
    const offsets = ctx.tensorFrom('offsets', [maxGroups + 1], packGroups(Array(fx.G).fill(fx.K), N, maxGroups));
    const groups = ctx.tensorFrom('groups', [1], Uint32Array.of(fx.G));
    await forwardBackward(model, rankingLoss(ctx, model.metrics, METRIC.rankLoss, head.dvalues, head.values, offsets, groups, N, maxGroups));

    expectClose(await ctx.read(head.values), fx.scores, { atol: 2e-5, rtol: 1e-4 }, 'scores');
    const m = await ctx.read(model.metrics);
    expectClose([m[METRIC.rankLoss], m[METRIC.rankAccuracy], m[METRIC.rankMargin]], [fx.loss, fx.accuracy, fx.margin], { atol: 2e-5, rtol: 1e-4 }, 'loss, accuracy, margin');
    expectClose(await ctx.read(head.dvalues), fx.dScores, { atol: 1e-6, rtol: 1e-4 }, 'dscores');
    const grads = await ctx.read(model.grads!.all);
    const trunk = new Float32Array(fx.layout.total);
    let dScore = new Float32Array(0);
    for (const s of model.layout.specs) {
      const to = fx.layout.specs.find((o) => o.name === s.name);
      if (to) trunk.set(grads.subarray(s.offset, s.offset + s.length), to.offset);
      else dScore = grads.slice(s.offset, s.offset + s.length);
    }
    // ln_f.bias's exact gradient is 0 (the loss depends on score differences within a group, and a bias shifts
    // every score alike), so both sides hold rounding noise of ~1e-8: an absolute floor of 1e-6 covers it.
    expectTensorsClose(trunk, fx.grads, fx.layout, 2e-4, 'reward grad', 1e-6);
    expectClose(dScore, fx.dScoreWeight, { atol: 1e-5, rtol: 1e-4 }, 'score.weight grad');
    model.destroy();
  });
});
