// `npm run bench -- [--preset NAME] [--steps N] [--warmup N] [--json]`: ms/step, tokens/s and time per kernel
// on the current adapter. Trains on the bundled English corpus; timing covers whole steps (one command encoder
// each) after warmup, with the GPU drained before and after, so figures are throughput, not launch latency.

import { splitCorpus } from '../engine/data/corpus';
import { getPreset, presetTrainConfig } from '../engine/presets';
import { Trainer } from '../engine/train/trainer';
import { emit, parseArgs, runMain } from './args';
import { timeKernels } from './kernel-timer';
import { loadText } from './load-data';
import { nodeGpu } from './node-gpu';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    preset: { kind: 'string', help: 'tiny | small | shakespeare-char-size (default small)' },
    steps: { kind: 'int', help: 'timed steps (default 20)' },
    warmup: { kind: 'int', help: 'untimed steps first (default 3)' },
    batch: { kind: 'int', help: 'batch size B (default: the preset\'s)' },
    dataset: { kind: 'string', help: 'bundled dataset id (default tinystories-en)' },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run bench -- [--preset NAME]');
  const json = Boolean(a.json);
  const preset = getPreset(String(a.preset ?? 'small'));
  const steps = (a.steps as number | undefined) ?? 20;
  const warmup = (a.warmup as number | undefined) ?? 3;
  const train = presetTrainConfig(preset, { steps: steps + warmup, batchSize: a.batch as number | undefined });
  const { text } = loadText({ dataset: String(a.dataset ?? 'tinystories-en') });
  const corpus = splitCorpus(text, preset.model.blockSize);
  const gpu = await nodeGpu();
  const trainer = new Trainer(gpu.ctx, { model: preset.model, train, corpus });
  const { cfg, model } = trainer;
  for (let i = 0; i < warmup; i++) await trainer.step();
  await trainer.flush();
  await gpu.ctx.sync();
  let lastLoss = NaN;
  trainer.onStep = (m) => (lastLoss = m.loss);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await trainer.step();
  await trainer.flush();
  await gpu.ctx.sync();
  const msPerStep = (performance.now() - t0) / steps;
  const tokens = train.batchSize * cfg.blockSize;
  const flops = 6 * model.layout.count * tokens + 6 * cfg.nLayer * train.batchSize * cfg.blockSize * cfg.blockSize * cfg.nEmbd;
  const dispatches = [...model.forward, ...model.backward, ...trainer.optimizer.plan];
  emit(json, {
    adapter: gpu.adapterName, preset: preset.name, params: model.layout.count, B: train.batchSize, T: cfg.blockSize, V: cfg.vocabSize,
    dispatchesPerStep: dispatches.length, msPerStep, tokensPerSec: Math.round((tokens * 1000) / msPerStep),
    gflopsPerSec: flops / msPerStep / 1e6, loss: lastLoss, gpuMemoryMiB: gpu.ctx.allocatedBytes / 2 ** 20,
  });
  const timing = await timeKernels(gpu.ctx, dispatches, gpu.features.includes('timestamp-query'));
  const total = timing.kernels.reduce((s, k) => s + k.ms, 0);
  for (const k of timing.kernels) {
    emit(json, { kernel: k.name, calls: k.calls, ms: k.ms, share: `${((100 * k.ms) / total).toFixed(1)}%` });
  }
  emit(json, { kernelTiming: timing.method, kernelMsSum: total });
  trainer.destroy();
});
