// Trainer.restore on the Node WebGPU adapter: a run saved after 2 steps (parameters, AdamW moments, step) and
// restored into a fresh trainer continues with exactly the losses and parameters of an uninterrupted run
// (same schedule, same batches); restoring a trainer that already stepped, or mismatched moments, is refused;
// destroy() frees every buffer of a run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitCorpus } from '../data/corpus';
import { getPreset, presetTrainConfig } from '../presets';
import { testCtx } from '../../test/gpu';
import { Trainer } from './trainer';

const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8').slice(0, 20_000);
const tiny = getPreset('tiny');

async function makeTrainer(): Promise<{ trainer: Trainer; losses: Map<number, number> }> {
  // warmupSteps 1 so the learning rate changes between the steps compared.
  const trainer = new Trainer(await testCtx(), { model: tiny.model, train: presetTrainConfig(tiny, { steps: 4, warmupSteps: 1, seed: 11 }), corpus: splitCorpus(text, tiny.model.blockSize) });
  const losses = new Map<number, number>();
  trainer.onStep = (m) => losses.set(m.step, m.loss);
  return { trainer, losses };
}

async function steps(trainer: Trainer, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await trainer.step();
  await trainer.flush();
}

describe('Trainer.restore', () => {
  it('continues a saved run exactly like an uninterrupted one', async () => {
    const ctx = await testCtx();
    const baseline = ctx.allocatedBytes;
    const whole = await makeTrainer();
    await steps(whole.trainer, 4);
    const wholeParams = await whole.trainer.model.readParams();
    whole.trainer.destroy();
    expect(ctx.allocatedBytes).toBe(baseline); // every buffer of the run is freed, kernel scratch included

    const first = await makeTrainer();
    await steps(first.trainer, 2);
    const saved = { params: await first.trainer.model.readParams(), m: await ctx.read(first.trainer.optimizer.m), v: await ctx.read(first.trainer.optimizer.v) };
    first.trainer.destroy();
    expect(ctx.allocatedBytes).toBe(baseline);

    const resumed = await makeTrainer();
    resumed.trainer.restore(2, saved.params, saved.m, saved.v);
    expect(resumed.trainer.stepsTaken).toBe(2);
    await steps(resumed.trainer, 2);
    expect([...resumed.losses.keys()]).toEqual([3, 4]);
    expect([resumed.losses.get(3), resumed.losses.get(4)]).toEqual([whole.losses.get(3), whole.losses.get(4)]);
    expect(await resumed.trainer.model.readParams()).toEqual(wholeParams);
    expect(resumed.trainer.lastGoodStep).toBe(4);

    expect(() => resumed.trainer.restore(2, saved.params, saved.m, saved.v)).toThrow(/already taken 4 steps/);
    resumed.trainer.destroy();
    const fresh = await makeTrainer();
    expect(() => fresh.trainer.restore(2, saved.params, saved.m.subarray(1), saved.v)).toThrow(/moments/);
    fresh.trainer.destroy();
  });
});
