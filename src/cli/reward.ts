// `npm run reward -- --init CKPT --data RANKINGS.jsonl --out RM.safetensors [--steps N] [--batch B] ...`
// Stage 3: trains a reward model (the SFT model's trunk + a scalar `score` head) on ranked responses
// ({"prompt","ranked":[best,…]} or {"prompt","chosen","rejected"}) with InstructGPT's pairwise loss. Prints the
// training loss and batch accuracy, and the held-out pairwise accuracy and margin at each evaluation. Writes a
// GPT2ForSequenceClassification checkpoint with the reward's mean and std over the training responses and its run
// recorded (for npm run export).

import { parseRankedJsonl } from '../engine/data/jsonl';
import { stageTrainConfig } from '../engine/stages/defaults';
import { RewardTrainer } from '../engine/stages/reward';
import { emit, parseArgs, runMain } from './args';
import { checkOutput, checkWritable, loadCheckpoint, readText } from './files';
import { nodeGpu } from './node-gpu';
import { recordedData, recordRun } from './run-record';
import { runStageLoop } from './stage-loop';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    init: { kind: 'string', help: 'the SFT language model (or a reward model to continue)' },
    data: { kind: 'string', help: 'JSONL rankings: {"prompt","ranked":[best,...,worst]} or {"prompt","chosen","rejected"}' },
    out: { kind: 'string', help: 'reward model to write (.safetensors)' },
    steps: { kind: 'int', help: 'optimizer steps', min: 1 },
    seed: { kind: 'int', help: 'random seed' },
    lr: { kind: 'number', help: 'peak learning rate', min: 0 },
    batch: { kind: 'int', help: 'sequences per step (whole prompts of K responses are packed; >= the largest K)', min: 1 },
    'val-fraction': { kind: 'number', help: 'share of prompts held out (default 0.1)', min: 0 },
    'eval-every': { kind: 'int', help: 'held-out accuracy every N steps (0: only at the end)', min: 0 },
    'log-every': { kind: 'int', help: 'print every N steps (default 10)', min: 1 },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run reward -- --init CKPT --data RANKINGS.jsonl --out RM.safetensors [options]');
  const json = Boolean(a.json);
  if (!a.init) throw new Error('give --init CKPT (the SFT model)');
  if (!a.data) throw new Error('give --data RANKINGS.jsonl (make one with npm run rank)');
  const out = a.out as string | undefined;
  if (out) checkOutput(out, [a.init as string, a.data as string]);
  const init = loadCheckpoint(String(a.init));
  const name = String(a.data);
  const records = parseRankedJsonl(readText(name), name);
  const train = stageTrainConfig('reward', {
    steps: a.steps as number | undefined, seed: a.seed as number | undefined, lr: a.lr as number | undefined,
    batchSize: a.batch as number | undefined, evalEvery: a['eval-every'] as number | undefined,
  });
  const valFraction = (a['val-fraction'] as number | undefined) ?? 0.1;
  if (!(valFraction > 0 && valFraction < 1)) throw new Error(`--val-fraction must be between 0 and 1 (got ${valFraction})`);
  if (out) checkWritable(out); // before any GPU work; an existing file is kept until the new one is complete
  const gpu = await nodeGpu();
  const rm = new RewardTrainer(gpu.ctx, { init, records, source: name, train, valFraction });
  emit(json, {
    event: 'start', stage: 'reward', adapter: gpu.adapterName, data: name, init: String(a.init), params: rm.model.layout.count,
    trainPrompts: rm.trainGroups.length, valPrompts: rm.valGroups.length, batch: train.batchSize, steps: train.steps, lr: train.lr, seed: train.seed,
  });
  const summary = async () => {
    const e = await rm.evaluate();
    return { valAccuracy: e.accuracy, valMargin: e.margin, valLoss: e.loss, valPairs: e.gaps.length, rewardMean: e.meanReward, rewardStd: e.stdReward };
  };
  emit(json, { step: 0, ...(await summary()) });
  const { seconds } = await runStageLoop(rm, {
    json, logEvery: (a['log-every'] as number | undefined) ?? 10, out,
    evaluate: summary,
    checkpoint: async () => recordRun(rm.encode(await rm.model.readParams(), await rm.rewardStats()), {
      stage: 'reward', step: rm.stepsTaken, train, stageSettings: { valFraction }, preset: init.run?.preset ?? null, data: recordedData('reward', { data: name }),
    }),
    extra: (m) => ({ accuracy: m.accuracy, margin: m.margin }),
  });
  emit(json, { event: 'done', stage: 'reward', steps: train.steps, seconds, checkpoint: out ?? 'none' });
  rm.destroy();
});
