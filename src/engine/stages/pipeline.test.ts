// The pipeline end to end on the tiny preset (Node WebGPU adapter; SwiftShader in CI): pretrain briefly on the
// bundled English stories, fine-tune on the bundled SFT demonstrations (held-out completion loss falls), sample
// K responses per bundled prompt from the SFT model, rank them with a bundled labeler, and train the reward
// model on those rankings (held-out pairwise accuracy above a stated threshold).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { decodeCheckpoint } from '../checkpoint/gpt2-checkpoint';
import { splitCorpus } from '../data/corpus';
import { parsePromptsJsonl, parseSftJsonl } from '../data/jsonl';
import { labelerById } from '../labelers/labelers';
import { getPreset, presetTrainConfig } from '../presets';
import { Trainer } from '../train/trainer';
import { stageTrainConfig } from './defaults';
import { makeRankings } from './rankings';
import { RewardTrainer } from './reward';
import { SftTrainer } from './sft';

const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const PRETRAIN_STEPS = env('PIPE_PRETRAIN', 120);
const SFT_STEPS = env('PIPE_SFT', 80);
const RM_STEPS = env('PIPE_RM', 100);
const PROMPTS = env('PIPE_PROMPTS', 48);
const K = 4;
const SEED = 1337;

describe('pretrain → SFT → rankings → reward model (tiny, English)', () => {
  it('SFT lowers the held-out completion loss; the reward model learns the labeler', { timeout: 900_000 }, async () => {
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

    const prompts = parsePromptsJsonl(readFileSync('public/datasets/prompts-en.jsonl', 'utf8'), 'prompts-en.jsonl').slice(0, PROMPTS).map((r) => r.prompt);
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
    rm.destroy();
    expect(rmAfter.accuracy).toBeGreaterThan(0.7);
  });
});
