// `npm run bench -- [--preset NAME] [--steps N] [--warmup N] [--ppo] [--generate [--rows B]] [--json]`: ms/step,
// tokens/s and time per kernel on the current adapter; with --ppo also a PPO line (rollout tokens/s, generate /
// score / update times); with --generate the tokens/s of batched generation in each mode (bench-generate.ts). Trains on the bundled English corpus; timing covers whole steps (one command encoder
// each) after warmup, with the GPU drained before and after, so figures are throughput, not launch latency.
// A diverged loss or a non-finite figure fails naming the step instead of being printed. Tested by cli.test.ts
// (its option ranges).

import { decodeCheckpoint, encodeCheckpoint, REWARD_HEAD } from '../engine/checkpoint/gpt2-checkpoint';
import { DEFAULT_TRAIN } from '../engine/config';
import { splitCorpus } from '../engine/data/corpus';
import { initParams, paramLayout } from '../engine/model/params';
import { DEFAULT_PPO, PpoTrainer, type PpoMetrics } from '../engine/stages/ppo';
import { seededNormal } from '../engine/train/trainer';
import type { GpuContext } from '../kernels/runtime/context';
import { getPreset, presetTrainConfig } from '../engine/presets';
import { Trainer } from '../engine/train/trainer';
import { emit, parseArgs, requireFinite, runMain } from './args';
import { benchGenerate } from './bench-generate';
import { timeKernels } from './kernel-timer';
import { loadText } from './load-data';
import { nodeGpu } from './node-gpu';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    preset: { kind: 'string', help: 'tiny | small | shakespeare-char-size (default small)' },
    steps: { kind: 'int', help: 'timed steps (default 20)', min: 1 },
    warmup: { kind: 'int', help: 'untimed steps first (default 3)', min: 0 },
    batch: { kind: 'int', help: 'batch size B (default: the preset\'s)', min: 1 },
    dataset: { kind: 'string', help: 'bundled dataset id (default tinystories-en)' },
    ppo: { kind: 'flag', help: 'also time PPO rollouts and updates (random SFT policy and reward model of the preset size)' },
    generate: { kind: 'flag', help: 'also time batched generation (GPU or CPU token choice, KV cache or recompute)' },
    rows: { kind: 'int', help: 'rows generated at once with --generate (default 8)', min: 1, max: 256 },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run bench -- [--preset NAME] [--ppo]');
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
  trainer.throwIfDiverged(); // a NaN loss names its step; timings of a diverged run are not reported
  const msPerStep = (performance.now() - t0) / steps;
  const tokens = train.batchSize * cfg.blockSize;
  const flops = 6 * model.layout.count * tokens + 6 * cfg.nLayer * train.batchSize * cfg.blockSize * cfg.blockSize * cfg.nEmbd;
  const dispatches = [...model.forward, ...trainer.optimizer.scaleLossPlan, ...model.backward, ...trainer.optimizer.plan];
  requireFinite({ msPerStep, loss: lastLoss }, `bench step ${warmup + steps}`);
  emit(json, {
    adapter: gpu.adapterName, precision: trainer.precision, preset: preset.name, params: model.layout.count, B: train.batchSize, T: cfg.blockSize, V: cfg.vocabSize,
    dispatchesPerStep: dispatches.length, msPerStep, tokensPerSec: Math.round((tokens * 1000) / msPerStep),
    gflopsPerSec: flops / msPerStep / 1e6, loss: lastLoss, gpuMemoryMiB: gpu.ctx.allocatedBytes / 2 ** 20,
  });
  const timing = await timeKernels(gpu.ctx, dispatches, gpu.features.includes('timestamp-query'));
  const total = timing.kernels.reduce((s, k) => s + k.ms, 0);
  for (const k of timing.kernels) {
    emit(json, { kernel: k.name, calls: k.calls, ms: k.ms, share: `${((100 * k.ms) / total).toFixed(1)}%` });
  }
  emit(json, { kernelTiming: timing.method, kernelMsSum: total });
  if (a.generate) await benchGenerate(gpu.ctx, model, trainer.tokenizer, (a.rows as number | undefined) ?? 8, 'Once upon a time', json, { adapter: gpu.adapterName, preset: preset.name });
  const flat = await trainer.model.readParams();
  trainer.destroy();
  if (a.ppo) await benchPpo(gpu.ctx, encodeCheckpoint(cfg, trainer.tokenizer, flat), text, preset.train.batchSize ?? 8, json, gpu.adapterName, preset.name);
});

/** Rollout tokens/s and the time split of PPO iterations (after one warmup iteration). */
async function benchPpo(ctx: GpuContext, policyBytes: Uint8Array, text: string, B: number, json: boolean, adapter: string, preset: string): Promise<void> {
  const policy = decodeCheckpoint(policyBytes);
  const { config: cfg, tokenizer } = policy;
  const rmLayout = paramLayout(cfg, { heads: [REWARD_HEAD] });
  const reward = decodeCheckpoint(encodeCheckpoint(cfg, tokenizer, initParams(rmLayout, cfg, seededNormal(7)), { architecture: 'GPT2ForSequenceClassification' }));
  const prompts = text.split('\n').map((l) => l.slice(0, Math.floor(cfg.blockSize / 4))).filter((l) => l.length > 0).slice(0, 64);
  const ppo = new PpoTrainer(ctx, { policy, reward, prompts, source: 'bench prompts', ptxText: text.slice(0, 100_000), train: { ...DEFAULT_TRAIN, batchSize: B, steps: 4 }, settings: { ...DEFAULT_PPO, responseLen: Math.floor(cfg.blockSize / 2) } });
  await ppo.iterate();
  const runs: PpoMetrics[] = [];
  for (let i = 0; i < 3; i++) runs.push(await ppo.iterate());
  ppo.destroy();
  const avg = (k: keyof PpoMetrics) => runs.reduce((s, m) => s + m[k], 0) / runs.length;
  const gen = avg('time/generate_ms'), score = avg('time/score_ms'), update = avg('time/update_ms');
  requireFinite({ generateMs: gen, scoreMs: score, updateMs: update, rolloutTokensPerSec: avg('time/rollout_tokens_per_sec') }, 'bench --ppo');
  emit(json, {
    adapter, preset, stage: 'ppo', prompts: B, responseTokens: avg('tokens/responses_len_mean') * B, rolloutTokensPerSec: Math.round(avg('time/rollout_tokens_per_sec')),
    generateMs: gen, scoreMs: score, updateMs: update, updateMsPerEpoch: update / DEFAULT_PPO.epochs,
    split: `generate ${((100 * gen) / (gen + score + update)).toFixed(0)}% · score ${((100 * score) / (gen + score + update)).toFixed(0)}% · update ${((100 * update) / (gen + score + update)).toFixed(0)}%`,
  });
}
