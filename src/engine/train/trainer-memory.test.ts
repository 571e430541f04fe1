// Building and destroying trainers leaves no GPU memory behind, on the Node WebGPU adapter: batch sizes whose
// weight gradients take matmul's split-K path (B*T >= 512) give scratch buffers of new sizes each round, shared
// by two live trainers of the same shape; destroying one must not free what the other still binds (its next step
// trains, with no WebGPU error), and destroying both returns allocatedBytes and liveBuffers to the start.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noGpuErrors, testCtx } from '../../test/gpu';
import { splitCorpus } from '../data/corpus';
import { getPreset, presetTrainConfig } from '../presets';
import { Trainer, type StepMetrics } from './trainer';

const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8').slice(0, 20_000);
const tiny = getPreset('tiny');

describe('Trainer memory', () => {
  it('frees every buffer, kernel scratch included, when trainers of changing shapes come and go', async () => {
    const ctx = await testCtx();
    const corpus = splitCorpus(text, tiny.model.blockSize);
    const start = { bytes: ctx.allocatedBytes, buffers: ctx.liveBuffers };
    for (const batchSize of [16, 24]) {
      const make = () => new Trainer(ctx, { model: tiny.model, train: presetTrainConfig(tiny, { steps: 1, batchSize }), corpus });
      const first = make();
      const second = make();
      expect(second.model.backward.map((d) => d.label)).toContain('matmul_splitk_reduce');
      first.destroy();
      const metrics: StepMetrics[] = [];
      second.onStep = (m) => metrics.push(m);
      await noGpuErrors(ctx, async () => {
        await second.step();
        await second.flush();
      });
      expect(metrics).toHaveLength(1);
      expect(Number.isFinite(metrics[0].loss) && Number.isFinite(metrics[0].gradNorm)).toBe(true);
      second.destroy();
      expect({ bytes: ctx.allocatedBytes, buffers: ctx.liveBuffers }, `after B=${batchSize}`).toEqual(start);
    }
  }, 300_000);
});
