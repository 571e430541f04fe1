// Training end to end on the Node WebGPU adapter (SwiftShader in CI): the `tiny` preset learns the bundled
// English corpus (loss from ln V ≈ 3.9 to below a stated threshold), runs are reproducible from the seed,
// and a non-finite loss stops training naming the step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitCorpus } from '../data/corpus';
import { getPreset, presetTrainConfig } from '../presets';
import { testCtx } from '../../test/gpu';
import { Trainer, TrainingDivergedError, type StepMetrics } from './trainer';

const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8');
const tiny = getPreset('tiny');

async function trainSteps(steps: number, seed: number): Promise<{ trainer: Trainer; metrics: StepMetrics[] }> {
  const ctx = await testCtx();
  const trainer = new Trainer(ctx, { model: tiny.model, train: presetTrainConfig(tiny, { steps, seed }), corpus: splitCorpus(text, tiny.model.blockSize) });
  const metrics: StepMetrics[] = [];
  trainer.onStep = (m) => metrics.push(m);
  for (let i = 0; i < steps; i++) await trainer.step();
  await trainer.flush();
  return { trainer, metrics };
}

describe('Trainer', () => {
  // Threshold: a unigram model of this corpus scores ≈ 2.9 nats; 2.5 means the model uses context.
  const STEPS = 150;
  const THRESHOLD = 2.5;
  it(`tiny learns the bundled corpus: loss < ${THRESHOLD} within ${STEPS} steps`, async () => {
    const { trainer, metrics } = await trainSteps(STEPS, 1337);
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
    const first = metrics[0].loss;
    expect(first).toBeGreaterThan(3.5);
    const lastTen = metrics.slice(-10).reduce((s, m) => s + m.loss, 0) / 10;
    console.log(`tiny: loss ${first.toFixed(3)} → ${lastTen.toFixed(3)} (mean of last 10) in ${STEPS} steps`);
    expect(lastTen).toBeLessThan(THRESHOLD);
    const val = await trainer.evaluate();
    expect(val).toBeLessThan(THRESHOLD + 0.2);
    const sample = await trainer.sample('Once', { tokens: 40, temperature: 0.8, topK: 10, seed: 1 });
    expect(sample.startsWith('Once')).toBe(true);
    expect(sample.length).toBe(44);
    trainer.destroy();
  }, 600_000);

  it('is reproducible: same seed, same losses', async () => {
    const a = await trainSteps(5, 7);
    const b = await trainSteps(5, 7);
    const c = await trainSteps(5, 8);
    expect(b.metrics.map((m) => m.loss)).toEqual(a.metrics.map((m) => m.loss));
    expect(c.metrics.map((m) => m.loss)).not.toEqual(a.metrics.map((m) => m.loss));
  });

  it('stops on a non-finite loss and names the step', async () => {
    const ctx = await testCtx();
    const trainer = new Trainer(ctx, { model: tiny.model, train: presetTrainConfig(tiny, { steps: 10 }), corpus: splitCorpus(text, tiny.model.blockSize) });
    const flat = await trainer.model.readParams();
    flat[trainer.model.layout.specs.find((s) => s.name === 'transformer.ln_f.weight')!.offset] = NaN;
    trainer.model.loadParams(flat);
    await trainer.step();
    await trainer.flush();
    await expect(trainer.step()).rejects.toThrow(TrainingDivergedError);
    await expect(trainer.step()).rejects.toThrow(/loss became NaN at step 1/);
    expect(trainer.lastGoodStep).toBe(0);
  });
});
