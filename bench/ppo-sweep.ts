// The measurement behind the PPO defaults: the tiny pipeline (pretrain → SFT → rankings → reward model) once per
// seed and labeler, then PPO-ptx with each candidate setting, printing the held-out labeler score and KL before and
// after as one JSON line per run. A benchmark, not a test: it takes tens of minutes on SwiftShader.
// Build and run: node scripts/build-node.mjs bench/ppo-sweep.ts && node dist-node/ppo-sweep.js \
//   [--seeds 1337,7] [--labelers concise,positive,on-topic] [--configs 'lr=1e-4,beta=0.1;lr=1e-4,beta=0'] [--rollouts 30]
//   [--cache DIR]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { decodeCheckpoint, type Gpt2Checkpoint } from '../src/engine/checkpoint/gpt2-checkpoint';
import { splitCorpus } from '../src/engine/data/corpus';
import { parsePromptsJsonl, parseSftJsonl } from '../src/engine/data/jsonl';
import { labelerById } from '../src/engine/labelers/labelers';
import { getPreset, presetTrainConfig } from '../src/engine/presets';
import type { GpuContext } from '../src/kernels/runtime/context';
import { PPO_TRAIN, ppoTrainConfig, stageTrainConfig } from '../src/engine/stages/defaults';
import { splitHeldOut } from '../src/engine/stages/example-order';
import { DEFAULT_PPO, PpoTrainer, type PpoSettings } from '../src/engine/stages/ppo';
import { makeRankings } from '../src/engine/stages/rankings';
import { RewardTrainer } from '../src/engine/stages/reward';
import { SftTrainer } from '../src/engine/stages/sft';
import { Trainer } from '../src/engine/train/trainer';
import { nodeGpu } from '../src/cli/node-gpu';

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const seeds = arg('seeds', '1337').split(',').map(Number);
const labelers = arg('labelers', 'concise,positive,on-topic').split(',');
const rollouts = Number(arg('rollouts', String(PPO_TRAIN.steps)));
/** `lr=1e-4,beta=0.1;lr=2e-4,beta=0` — any PpoSettings field, plus lr and batch. */
const configs = arg('configs', `lr=${PPO_TRAIN.lr},beta=${DEFAULT_PPO.beta};lr=${PPO_TRAIN.lr},beta=0`)
  .split(';')
  .map((c) => Object.fromEntries(c.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)])) as Record<string, number>);

const log = (o: object) => console.log(JSON.stringify(o));
/** With --cache DIR, the SFT and reward models of each seed (and labeler) are kept there and reused. */
const cacheDir = arg('cache', '');
async function cached(name: string, make: () => Promise<Uint8Array>): Promise<Gpt2Checkpoint> {
  const file = cacheDir ? `${cacheDir}/${name}.safetensors` : '';
  if (file && existsSync(file)) return decodeCheckpoint(new Uint8Array(readFileSync(file)));
  const bytes = await make();
  if (file) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(file, bytes);
  }
  return decodeCheckpoint(bytes);
}

async function pretrainAndSft(ctx: GpuContext, seed: number): Promise<Uint8Array> {
  const tiny = getPreset('tiny');
  const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8');
  const pre = new Trainer(ctx, { model: tiny.model, train: presetTrainConfig(tiny, { seed }), corpus: splitCorpus(text, tiny.model.blockSize) });
  for (let i = 0; i < pre.train.steps; i++) await pre.step();
  await pre.flush();
  const pretrained = decodeCheckpoint(pre.encode(await pre.model.readParams()));
  pre.destroy();
  const records = parseSftJsonl(readFileSync('public/datasets/sft-en.jsonl', 'utf8'), 'sft-en.jsonl');
  const sft = new SftTrainer(ctx, { init: pretrained, records, source: 'sft-en.jsonl', train: stageTrainConfig('sft', { seed }), lambda: 0 });
  for (let i = 0; i < sft.train.steps; i++) await sft.step();
  await sft.flush();
  log({ event: 'sft', seed, heldOutLoss: await sft.evaluate() });
  const out = sft.encode(await sft.model.readParams());
  sft.destroy();
  return out;
}

async function rewardModel(ctx: GpuContext, sft: Gpt2Checkpoint, labelerId: string, prompts: readonly string[], seed: number): Promise<Uint8Array> {
  const ranked = await makeRankings(ctx, sft, prompts.slice(0, 48), 4, labelerById(labelerId), { temperature: 1, topK: 0, maxTokens: 32, seed });
  const rm = new RewardTrainer(ctx, { init: sft, records: ranked, source: 'rankings', train: stageTrainConfig('reward', { seed }), valFraction: 0.25 });
  for (let i = 0; i < rm.train.steps; i++) await rm.step();
  await rm.flush();
  const e = await rm.evaluate();
  log({ event: 'reward', seed, labeler: labelerId, heldOutAccuracy: e.accuracy, pairs: e.gaps.length });
  const out = rm.encode(await rm.model.readParams(), await rm.rewardStats());
  rm.destroy();
  return out;
}

const gpu = await nodeGpu();
const all = parsePromptsJsonl(readFileSync('public/datasets/prompts-en.jsonl', 'utf8'), 'prompts-en.jsonl').map((r) => r.prompt);
const { train: trainPrompts, val: heldOut } = splitHeldOut(all, 0.1, 'prompts-en.jsonl');
const ptxText = readFileSync('public/datasets/tinystories-en.txt', 'utf8');
for (const seed of seeds) {
  const sft = await cached(`sft-${seed}`, () => pretrainAndSft(gpu.ctx, seed));
  for (const labelerId of labelers) {
    const reward = await cached(`rm-${seed}-${labelerId}`, () => rewardModel(gpu.ctx, sft, labelerId, trainPrompts, seed));
    for (const c of configs) {
      const { lr, batch, ...rest } = c;
      const settings: PpoSettings = { ...DEFAULT_PPO, ...rest };
      const train = ppoTrainConfig({ steps: rollouts, seed, lr, batchSize: batch });
      const t0 = performance.now();
      const ppo = new PpoTrainer(gpu.ctx, { policy: sft, reward, prompts: trainPrompts, source: 'prompts-en', ptxText, train, settings, labeler: labelerById(labelerId) });
      const before = await ppo.evaluate(heldOut, 2);
      const curve: number[] = [];
      for (let r = 0; r < rollouts; r++) curve.push((await ppo.iterate())['objective/labeler_score'] ?? NaN);
      const after = await ppo.evaluate(heldOut, 2);
      ppo.destroy();
      log({
        event: 'ppo', seed, labeler: labelerId, lr: train.lr, batch: train.batchSize, beta: settings.beta, ptx: settings.ptxCoef, epochs: settings.epochs, rollouts,
        labelerBefore: before.labelerScore, labelerAfter: after.labelerScore, gain: after.labelerScore! - before.labelerScore!,
        scoreBefore: before.scores, scoreAfter: after.scores, kl: after.kl, trainLabelerCurve: curve.map((x) => Math.round(x * 100) / 100),
        sample: after.sample, seconds: Math.round((performance.now() - t0) / 1000),
      });
    }
  }
}
process.exit(0);
