// The pipeline end to end on the tiny preset (Node WebGPU adapter; SwiftShader in CI): pretrain briefly on the
// bundled English stories, fine-tune on the bundled SFT demonstrations (held-out completion loss falls), sample
// K responses per bundled prompt from the SFT model, rank them with a bundled labeler, and train the reward
// model on those rankings (held-out pairwise accuracy above a stated threshold). Its SFT model and reward model are
// byte for byte the committed fixtures the PPO learning tests start from (ppo-learning.test.ts, ppo-no-kl.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { decodeCheckpoint } from '../checkpoint/gpt2-checkpoint';
import { splitCorpus } from '../data/corpus';
import { parsePromptsJsonl, parseSftJsonl } from '../data/jsonl';
import { labelerById } from '../labelers/labelers';
import { getPreset, presetTrainConfig } from '../presets';
import { Trainer } from '../train/trainer';
import { STAGE_TRAIN, stageTrainConfig } from './defaults';
import { splitHeldOut } from './example-order';
import { PIPELINE_REWARD, PIPELINE_SFT } from './ppo-learning-setup';
import { makeRankings } from './rankings';
import { RewardTrainer } from './reward';
import { SftTrainer } from './sft';

const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
// The lab's defaults for every stage (what bench/ppo-sweep.ts measured); override to explore.
const PRETRAIN_STEPS = env('PIPE_PRETRAIN', presetTrainConfig(getPreset('tiny')).steps);
const SFT_STEPS = env('PIPE_SFT', STAGE_TRAIN.sft.steps);
const RM_STEPS = env('PIPE_RM', STAGE_TRAIN.reward.steps);
const PROMPTS = env('PIPE_PROMPTS', 48);
const K = 4;
const SEED = 1337;
describe('pretrain → SFT → rankings → reward model (tiny, English)', () => {
  it('SFT lowers the held-out completion loss; the reward model learns the labeler; both are the PPO tests\' fixtures', { timeout: 900_000 }, async () => {
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
    const sftBytes = sft.encode(await sft.model.readParams());
    const sftCkpt = decodeCheckpoint(sftBytes);
    sft.destroy();
    lap('sft');
    expect(after).toBeLessThan(before * 0.8);

    const allPrompts = parsePromptsJsonl(readFileSync('public/datasets/prompts-en.jsonl', 'utf8'), 'prompts-en.jsonl').map((r) => r.prompt);
    const { train: trainPrompts } = splitHeldOut(allPrompts, 0.1, 'prompts-en.jsonl');
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
    const rmBytes = rm.encode(await rm.model.readParams(), await rm.rewardStats());
    rm.destroy();
    expect(rmAfter.accuracy).toBeGreaterThan(0.7);

    // The PPO learning tests (ppo-learning.test.ts, ppo-no-kl.test.ts) start from committed copies of these two
    // checkpoints, so they run beside this test instead of after it; they must be exactly what this pipeline makes.
    if (!process.env.PIPE_PRETRAIN && !process.env.PIPE_SFT && !process.env.PIPE_RM && !process.env.PIPE_LABELER && !process.env.PIPE_SFT_LR && !process.env.PIPE_RM_LR) {
      const regenerate = 'a change altered the pipeline\'s numbers: regenerate the fixtures with `node scripts/build-node.mjs bench/ppo-sweep.ts && node dist-node/ppo-sweep.js --labelers concise --configs lr=2e-4 --rollouts 1 --cache DIR` and copy DIR/sft-1337 and DIR/rm-1337-concise (see src/engine/fixtures/README.md)';
      expect(Buffer.from(sftBytes).equals(readFileSync(PIPELINE_SFT)), `SFT checkpoint differs from ${PIPELINE_SFT}: ${regenerate}`).toBe(true);
      expect(Buffer.from(rmBytes).equals(readFileSync(PIPELINE_REWARD)), `reward model differs from ${PIPELINE_REWARD}: ${regenerate}`).toBe(true);
    }
  });
});
