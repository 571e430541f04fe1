// PPO-ptx against the PyTorch golden fixture (scripts/fixtures/ppo_fixtures.py): per-token rewards, GAE advantages
// and returns and their whitening on the host (ppo-advantages.ts), then one update's losses, metrics and every
// gradient on the GPU (ppo-update.ts): clipped policy loss, clipped value loss through the value head, entropy,
// approximate KL and the ptx term sharing the policy's gradients. Tolerances as gpt.test.ts.
import { describe, expect, it } from 'vitest';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { DEFAULT_TRAIN } from '../config';
import { expectTensorsClose, loadPpoFixture } from '../fixtures/load-fixture';
import { sequenceAdvantages, whiten } from './ppo-advantages';
import { PpoUpdate, updateMetrics } from './ppo-update';

describe('PPO-ptx vs PyTorch fixtures', () => {
  const fx = loadPpoFixture();

  it('per-token rewards, GAE advantages, returns and whitening (host)', () => {
    const adv: number[] = [], ret: number[] = [], rew: number[] = [];
    let at = 0;
    fx.responseLen.forEach((n, b) => {
      const sl = (a: Float32Array) => Array.from(a.subarray(at, at + n));
      const r = sequenceAdvantages(sl(fx.logpOld), sl(fx.refLogp), sl(fx.valuesOld), fx.scores[b], { beta: fx.beta, gamma: fx.gamma, lam: fx.lam });
      rew.push(...r.rewards);
      adv.push(...r.advantages);
      ret.push(...r.returns);
      at += n;
    });
    expectClose(rew, fx.rewards, { atol: 1e-6, rtol: 1e-5 }, 'rewards');
    expectClose(adv, fx.advantages, { atol: 1e-5, rtol: 1e-5 }, 'advantages');
    expectClose(ret, fx.returns, { atol: 1e-5, rtol: 1e-5 }, 'returns');
    expectClose(whiten(adv), fx.whitenedAdvantages, { atol: 1e-5, rtol: 1e-5 }, 'whitened advantages');
  });

  it('one update: losses, metrics and every gradient (value head and ptx included)', async () => {
    const ctx = await testCtx();
    const { B, T } = fx;
    const N = B * T;
    const up = new PpoUpdate(ctx, fx.cfg, B, T, fx.ptxB, DEFAULT_TRAIN, { clip: fx.cliprange, clipValue: fx.cliprangeValue, vfCoef: fx.vfCoef, ptxCoef: fx.ptxCoef });
    expect(up.policy.layout.total).toBe(fx.layout.total);
    up.policy.loadParams(fx.cur);
    const perToken = (values: Float32Array) => {
      const out = new Float32Array(N);
      fx.positions.forEach((p, j) => (out[fx.rows[j] * T + p] = values[j]));
      return out;
    };
    const targets = new Uint32Array(N);
    for (let b = 0; b < B; b++) for (let t = 0; t + 1 < T; t++) targets[b * T + t] = fx.tokens[b * T + t + 1];
    up.setRollout({
      inputs: fx.tokens, targets, logpOld: perToken(fx.logpOld), advantages: perToken(fx.whitenedAdvantages), valuesOld: perToken(fx.valuesOld),
      returns: perToken(fx.returns), mask: perToken(new Float32Array(fx.positions.length).fill(1 / fx.positions.length)),
    });
    up.ptx!.setBatch(fx.ptxInputs, fx.ptxTargets, new Float32Array(fx.ptxB * T).fill(fx.ptxCoef / (fx.ptxB * T)), true);
    await noGpuErrors(ctx, async () => {
      const enc = ctx.device.createCommandEncoder();
      up.policy.zeroGrads(enc);
      up.ptx!.zeroGrads(enc);
      ctx.encode(enc, up.gradientPlan);
      ctx.device.queue.submit([enc.finish()]);
      await ctx.sync();
    });
    const m = updateMetrics(await ctx.read(up.policy.metrics), fx.ptxCoef);
    expectClose(
      [m.pgLoss, m.pgClipfrac, m.approxKl, m.vfLoss, m.vfClipfrac, m.entropy, m.ptxLoss],
      [fx.pgLoss, fx.pgClipfrac, fx.approxkl, fx.vfLoss, fx.vfClipfrac, fx.entropy, fx.ptxLoss],
      { atol: 2e-5, rtol: 1e-4 }, 'pg, clipfrac, approxkl, vf, vf clipfrac, entropy, ptx',
    );
    expectTensorsClose(await ctx.read(up.policy.grads!.all), fx.grads, fx.layout, 2e-4, 'PPO grad', 1e-7);
    up.destroy();
  });
});
