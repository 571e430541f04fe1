// The later stages in the URL: defaults stay out of links, changed values come back, bad values give notices and
// defaults, K and the reward batch stay compatible, data ids default to the files made for the corpus, and the
// stage training configs take the stage's steps, lr and batch.
import { describe, expect, it } from 'vitest';
import { english } from '../i18n/i18n';
import { experimentFromPreset, experimentFromQuery, experimentToQuery } from './schema';
import { matchingDataset, promptsDataId, sftDataId, TEXT_DATASETS } from './stage-data';
import { parseTargetKl, PPO_DEFAULTS, REWARD_DEFAULTS, SFT_DEFAULTS, stageTrainConfig } from './stage-schema';

const tiny = experimentFromPreset('tiny');

describe('stage settings in the URL', () => {
  it('has the documented defaults and keeps them out of links', () => {
    expect(SFT_DEFAULTS).toEqual({ steps: 150, lr: 3e-3, batch: 8, lambda: 0, data: null });
    expect(REWARD_DEFAULTS).toEqual({ steps: 150, lr: 1e-3, batch: 16, k: 4, labeler: 'concise', prompts: null, maxPrompts: 48 });
    expect(experimentToQuery(tiny)).toBe('v=1&preset=tiny&seed=1337');
  });

  it('writes changed stage settings with short keys and reads them back', () => {
    const e = { ...tiny, sft: { ...tiny.sft, steps: 6, lr: 0.001, batch: 4, lambda: 0.5, data: 'sft-zh' }, reward: { ...tiny.reward, steps: 5, lr: 0.002, batch: 8, k: 3, labeler: 'positive', prompts: 'prompts-zh', maxPrompts: 8 } };
    const query = experimentToQuery(e);
    expect(query).toBe('v=1&preset=tiny&seed=1337&sft.steps=6&sft.lr=0.001&sft.batch=4&lambda=0.5&rm.steps=5&rm.lr=0.002&rm.batch=8&k=3&rm.prompts=8&sft.data=sft-zh&labeler=positive&rm.data=prompts-zh');
    expect(experimentFromQuery(query)).toEqual({ experiment: e, notices: [] });
  });

  it('replaces bad stage values with defaults, one notice each', () => {
    const { experiment, notices } = experimentFromQuery('lambda=11&k=9&sft.steps=0&rm.lr=big&labeler=loud&sft.data=nope&rm.data=sft-en');
    expect(experiment).toEqual(tiny);
    expect(notices.map(english)).toEqual([
      'SFT steps: 0 is outside 1–1000000; using 150.',
      'λ (LM loss weight): 11 is outside 0–10; using 0.',
      'Reward learning rate: "big" is not a number; using 0.001.',
      'K (responses per prompt): 9 is outside 2–8; using 4.',
      'Unknown SFT data "nope"; using sft-en instead.',
      'Unknown prompts data "sft-en"; using prompts-en instead.',
      'Unknown labeler "loud"; known labelers: on-topic, positive, concise. Using concise.',
    ]);
  });

  it('keeps the reward batch at least K', () => {
    const { experiment, notices } = experimentFromQuery('k=8&rm.batch=4');
    expect(experiment.reward).toMatchObject({ k: 8, batch: 16 });
    expect(notices.map(english)).toEqual(["Reward batch 4 is smaller than K = 8: a batch must hold one prompt's K responses; using batch 16."]);
  });

  it('adds `hide=` ids for the stage controls', () => {
    const { experiment, notices } = experimentFromQuery('hide=lambda,sft.lr,k,labeler,rm.upload,hand-ranking');
    expect(notices).toEqual([]);
    expect(experiment.hide).toEqual(['lambda', 'sft.lr', 'k', 'labeler', 'rm.upload', 'hand-ranking']);
  });
});

describe('PPO settings in the URL', () => {
  it('has the documented defaults and keeps them out of links', () => {
    expect(PPO_DEFAULTS).toEqual({ steps: 30, batch: 8, lr: 2e-4, beta: 0.3, targetKl: null, ptx: 0.5, epochs: 4, len: 24, clip: 0.2, temperature: 1 });
    expect(tiny.ppo).toEqual(PPO_DEFAULTS);
  });

  it('writes changed PPO settings and reads them back; an empty target KL means a fixed β', () => {
    const e = { ...tiny, ppo: { steps: 2, batch: 4, lr: 0.0003, beta: 0, targetKl: 6, ptx: 0, epochs: 1, len: 6, clip: 0.1, temperature: 0.7 } };
    const query = experimentToQuery(e);
    expect(query).toBe('v=1&preset=tiny&seed=1337&ppo.steps=2&ppo.batch=4&ppo.lr=0.0003&beta=0&ptx=0&ppo.epochs=1&ppo.len=6&ppo.clip=0.1&ppo.temp=0.7&target-kl=6');
    expect(experimentFromQuery(query)).toEqual({ experiment: e, notices: [] });
    expect(experimentFromQuery('target-kl=').experiment.ppo.targetKl).toBeNull();
    expect(parseTargetKl(' ')).toEqual({ value: null });
    expect(parseTargetKl('0.5')).toEqual({ value: 0.5 });
  });

  it('replaces bad PPO values with defaults, one notice each', () => {
    const { experiment, notices } = experimentFromQuery('beta=11&ptx=-1&ppo.epochs=17&ppo.len=0&ppo.batch=2.5&target-kl=0.001');
    expect(experiment).toEqual(tiny);
    expect(notices.map(english)).toEqual([
      'Prompts per rollout: 2.5 is not a whole number; using 8.',
      'β (KL penalty): 11 is outside 0–10; using 0.3.',
      'γ (pretraining mix): -1 is outside 0–10; using 0.5.',
      'PPO epochs: 17 is outside 1–16; using 4.',
      'Response length: 0 is outside 1–256; using 24.',
      'Target KL: 0.001 is outside 0.01–100; using a fixed β.',
    ]);
    expect(experimentFromQuery('target-kl=lots').notices.map(english)).toEqual(['Target KL: "lots" is not a number; using a fixed β.']);
  });

  it('adds `hide=` ids for the PPO controls', () => {
    const { experiment, notices } = experimentFromQuery('hide=ppo.steps,ppo.batch,ppo.lr,beta,target-kl,ptx,ppo.epochs,ppo.len&guide=reward-hacking');
    expect(notices).toEqual([]);
    expect(experiment.hide).toEqual(['ppo.steps', 'ppo.batch', 'ppo.lr', 'beta', 'target-kl', 'ptx', 'ppo.epochs', 'ppo.len']);
    expect(experiment.guide).toBe('reward-hacking');
  });

  it('trains PPO with its rollouts, prompts per rollout and lr', () => {
    const e = { ...tiny, ppo: { ...tiny.ppo, steps: 2, batch: 4 } };
    expect(stageTrainConfig(e, 'ppo')).toMatchObject({ steps: 2, batchSize: 4, lr: 2e-4, warmupSteps: 0, seed: e.train.seed });
  });
});

describe('stage data', () => {
  it('defaults to the SFT and prompts files made for the pretraining corpus', () => {
    expect(TEXT_DATASETS.map((d) => d.id)).toEqual(['tinystories-en', 'stories-zh']); // lesson corpora are not offered for pretraining
    expect(sftDataId(tiny)).toBe('sft-en');
    expect(promptsDataId(tiny)).toBe('prompts-en');
    const zh = { ...tiny, dataset: 'stories-zh' };
    expect(sftDataId(zh)).toBe('sft-zh');
    expect(promptsDataId(zh)).toBe('prompts-zh');
    expect(matchingDataset('sft', 'upload')).toBe('sft-en');
  });

  it('writes a data id only when it differs from the corpus default, and reads the default back as "matching"', () => {
    const zh = { ...tiny, dataset: 'stories-zh' };
    expect(experimentToQuery(zh)).toBe('v=1&preset=tiny&dataset=stories-zh&seed=1337');
    expect(experimentFromQuery('dataset=stories-zh&sft.data=sft-zh').experiment.sft.data).toBeNull();
    expect(experimentFromQuery('dataset=stories-zh&sft.data=sft-en').experiment.sft.data).toBe('sft-en');
  });

  it('trains a stage with its own steps, lr and batch over the pretraining optimizer settings', () => {
    const e = { ...tiny, sft: { ...tiny.sft, steps: 6, batch: 4 }, reward: { ...tiny.reward, steps: 200, k: 4 } };
    expect(stageTrainConfig(e, 'sft')).toMatchObject({ steps: 6, lr: 3e-3, batchSize: 4, warmupSteps: 0, evalEvery: 5, seed: e.train.seed, gradClip: e.train.gradClip });
    expect(stageTrainConfig(e, 'reward')).toMatchObject({ steps: 200, batchSize: 16, warmupSteps: Math.min(e.train.warmupSteps, 20), evalEvery: 40 });
  });
});
