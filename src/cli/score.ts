// `npm run score -- --ckpt RM.safetensors --data FILE.jsonl [--normalize] --json`
// Scores every response of a rankings file with a reward model: one line per record with "scores" (the reward of
// each response in the record's order: `ranked`, or chosen then rejected), then a summary line with the pairwise
// accuracy (pairs where the better-ranked response scores higher) and the mean margin.

import { expectRewardModel } from '../engine/checkpoint/gpt2-checkpoint';
import { parseRankedJsonl } from '../engine/data/jsonl';
import { rankingLossRef } from '../kernels/ranking/ranking.ref';
import { encodeRankedRecords } from '../engine/stages/reward-batch';
import { RewardScorer } from '../engine/stages/reward-scorer';
import { emit, parseArgs, runMain } from './args';
import { loadCheckpoint, readText } from './files';
import { nodeGpu } from './node-gpu';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    ckpt: { kind: 'string', help: 'reward model (.safetensors from npm run reward)' },
    data: { kind: 'string', help: 'JSONL rankings: {"prompt","ranked":[...]} or {"prompt","chosen","rejected"}' },
    normalize: { kind: 'flag', help: 'subtract the mean and divide by the std of the reward over the SFT responses it was trained on' },
    batch: { kind: 'int', help: 'sequences per forward pass (default 16)', min: 1 },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run score -- --ckpt RM.safetensors --data FILE.jsonl [--json]');
  const json = Boolean(a.json);
  if (!a.ckpt) throw new Error('give --ckpt RM.safetensors');
  if (!a.data) throw new Error('give --data FILE.jsonl');
  const ckpt = loadCheckpoint(String(a.ckpt));
  expectRewardModel(ckpt, String(a.ckpt));
  const name = String(a.data);
  const records = parseRankedJsonl(readText(name), name);
  const longest = Math.max(...records.map((r) => r.ranked.length));
  const batch = Math.max((a.batch as number | undefined) ?? 16, longest);
  const stats = a.normalize ? ckpt.rewardStats : undefined;
  if (a.normalize && !stats) throw new Error(`${a.ckpt} has no reward statistics to normalise with (made by an older version?)`);
  const groups = encodeRankedRecords(ckpt.tokenizer, records, ckpt.config.blockSize, batch, name);
  const gpu = await nodeGpu();
  const scorer = RewardScorer.fromCheckpoint(gpu.ctx, ckpt, batch);
  const scores = await scorer.scoreGroups(groups);
  scorer.destroy();
  scores.forEach((s, i) => emit(json, { prompt: records[i].prompt, scores: s.map((r) => (stats ? (r - stats.mean) / stats.std : r)) }));
  const summary = rankingLossRef(new Float64Array(scores.flat().length), scores.flat(), scores.map((s) => s.length));
  emit(json, { event: 'summary', records: records.length, pairs: scores.reduce((n, s) => n + (s.length * (s.length - 1)) / 2, 0), accuracy: summary.accuracy, margin: summary.margin });
});
