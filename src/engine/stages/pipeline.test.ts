// The pipeline end to end on the tiny preset (Node WebGPU adapter; SwiftShader in CI): pretrain briefly on the
// bundled English stories, fine-tune on the bundled SFT demonstrations (held-out completion loss falls), sample
// K responses per bundled prompt from the SFT model, rank them with a bundled labeler, and train the reward
// model on those rankings (held-out pairwise accuracy above a stated threshold), then PPO-ptx with the default
// settings: the labeler's score on held-out prompts rises above the SFT model's by a stated margin while the KL to
// π_SFT stays below a stated bound, and the same run with β = 0 drifts past that bound.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { decodeCheckpoint } from '../checkpoint/gpt2-checkpoint';
import { splitCorpus } from '../data/corpus';
import { parsePromptsJsonl, parseSftJsonl } from '../data/jsonl';
import { labelerById } from '../labelers/labelers';
import { getPreset, presetTrainConfig } from '../presets';
import { Trainer } from '../train/trainer';
import { DEFAULT_PPO, PPO_TRAIN, ppoTrainConfig, STAGE_TRAIN, stageTrainConfig, type PpoSettings } from './defaults';
import { splitHeldOut } from './example-order';
import { PpoTrainer } from './ppo';
import { makeRankings } from './rankings';
import { RewardTrainer } from './reward';
import { SftTrainer } from './sft';

const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
// The lab's defaults for every stage (what bench/ppo-sweep.ts measured); override to explore.
const PRETRAIN_STEPS = env('PIPE_PRETRAIN', presetTrainConfig(getPreset('tiny')).steps);
const SFT_STEPS = env('PIPE_SFT', STAGE_TRAIN.sft.steps);
const RM_STEPS = env('PIPE_RM', STAGE_TRAIN.reward.steps);
const PROMPTS = env('PIPE_PROMPTS', 48);
const PPO_ROLLOUTS = env('PIPE_PPO', PPO_TRAIN.steps);
const K = 4;
const SEED = 1337;
/** The default PPO run must raise the held-out labeler score by at least this much over the SFT model's... */
const LABELER_GAIN = 0.1;
/** ...with the KL to π_SFT (nats per response, held out) below this bound, which β = 0 exceeds. */
const KL_BOUND = 3.5;

describe('pretrain → SFT → rankings → reward model → PPO-ptx (tiny, English)', () => {
  it('SFT lowers the held-out completion loss; the reward model learns the labeler; PPO raises the labeler score within the KL bound', { timeout: 1_800_000 }, async () => {
    const ctx = await testCtx();
    const t0 = performance.now();
    const lap = (what: string) => console.log(`${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const tiny = getPreset('tiny');
    const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8');
    const pre = new Trainer(ctx, { model: tiny.model, train: presetTrainConfig(tiny, { steps: PRETRAIN_STEPS, seed: SEED }), corpus: splitCorpus(text, tiny.model.blockSize) });
    for (let i = 0; i < PRETRAIN_STEPS; i++) await pre.step();
    await pre.flush();
    const pretrained = decodeCheckpoint(pre.encode(await pre.model.readParams()));
    pre.destroy();
    lap('pretrain');

    const records = parseSftJsonl(readFileSync('public/datasets/sft-en.jsonl', 'utf8'), 'sft-en.jsonl');
    const sft = new SftTrainer(ctx, { init: pretrained, records, source: 'sft-en.jsonl', train: stageTrainConfig('sft', { steps: SFT_STEPS, seed: SEED, lr: process.env.PIPE_SFT_LR ? Number(process.env.PIPE_SFT_LR) : undefined }), lambda: 0 });
    const before = await sft.evaluate();
    for (let i = 0; i < SFT_STEPS; i++) await sft.step();
    await sft.flush();
    const after = await sft.evaluate();
    const samples = await sft.complete(['Who is Tom?\n', 'The park:\n'], { temperature: 0.8, topK: 20, seed: 1 });
    console.log(`SFT held-out completion loss ${before.toFixed(3)} → ${after.toFixed(3)}`, samples);
    const sftCkpt = decodeCheckpoint(sft.encode(await sft.model.readParams()));
    sft.destroy();
    lap('sft');
    expect(after).toBeLessThan(before * 0.8);

    const allPrompts = parsePromptsJsonl(readFileSync('public/datasets/prompts-en.jsonl', 'utf8'), 'prompts-en.jsonl').map((r) => r.prompt);
    const { train: trainPrompts, val: heldOut } = splitHeldOut(allPrompts, 0.1, 'prompts-en.jsonl');
    const prompts = trainPrompts.slice(0, PROMPTS);
    const labeler = labelerById(process.env.PIPE_LABELER ?? 'concise');
    const ranked = await makeRankings(ctx, sftCkpt, prompts, K, labeler, { temperature: 1, topK: 0, maxTokens: 32, seed: SEED });
    lap('rankings');
    console.log(`${ranked.length} of ${prompts.length} prompts ranked, ${ranked.reduce((n, r) => n + r.ranked.length, 0)} responses`, ranked.slice(0, 3));

    const rm = new RewardTrainer(ctx, { init: sftCkpt, records: ranked, source: 'rankings', train: stageTrainConfig('reward', { steps: RM_STEPS, seed: SEED, lr: process.env.PIPE_RM_LR ? Number(process.env.PIPE_RM_LR) : undefined }), valFraction: 0.25 });
    const rmBefore = await rm.evaluate();
    for (let i = 0; i < RM_STEPS; i++) await rm.step();
    await rm.flush();
    const rmAfter = await rm.evaluate();
    lap('reward');
    console.log(`reward held-out accuracy ${rmBefore.accuracy.toFixed(3)} → ${rmAfter.accuracy.toFixed(3)}, margin ${rmAfter.margin.toFixed(3)}, pairs ${rmAfter.gaps.length}`);
    const rmCkpt = decodeCheckpoint(rm.encode(await rm.model.readParams(), await rm.rewardStats()));
    rm.destroy();
    expect(rmAfter.accuracy).toBeGreaterThan(0.7);

    // PPO-ptx on the prompts the reward model never saw ranked, judged on held-out prompts by the labeler itself.
    const ptxText = readFileSync('public/datasets/tinystories-en.txt', 'utf8');
    const runPpo = async (settings: PpoSettings) => {
      const ppo = new PpoTrainer(ctx, { policy: sftCkpt, reward: rmCkpt, prompts: trainPrompts, source: 'prompts-en', ptxText, train: ppoTrainConfig({ steps: PPO_ROLLOUTS, seed: SEED }), settings, labeler });
      const before = await ppo.evaluate(heldOut, 2);
      for (let r = 0; r < PPO_ROLLOUTS; r++) await ppo.iterate();
      const after = await ppo.evaluate(heldOut, 2);
      ppo.destroy();
      console.log(`PPO β=${settings.beta}: held-out labeler ${before.labelerScore!.toFixed(3)} → ${after.labelerScore!.toFixed(3)}, RM score ${before.scores.toFixed(3)} → ${after.scores.toFixed(3)}, KL ${after.kl.toFixed(2)}`, after.sample);
      return { before, after };
    };
    const withKl = await runPpo(DEFAULT_PPO);
    lap('ppo');
    expect(withKl.after.labelerScore! - withKl.before.labelerScore!).toBeGreaterThan(LABELER_GAIN);
    expect(withKl.after.kl).toBeLessThan(KL_BOUND);
    const noKl = await runPpo({ ...DEFAULT_PPO, beta: 0 });
    lap('ppo, β = 0');
    expect(noKl.after.kl).toBeGreaterThan(KL_BOUND);
  });
});
