// The URL schema: seeded random experiments survive a round trip through the query string, links carry only
// what differs from the preset (plus v, preset, seed), and bad links load with notices and defaults.
import { describe, expect, it } from 'vitest';
import { english } from '../i18n/i18n';
import { validateModelConfig } from '../../engine/config';
import { LABELERS } from '../../engine/labelers/labelers';
import { PRESETS } from '../../engine/presets';
import { Rng } from '../../engine/rng';
import { GUIDES } from './guides';
import { CONTROL_IDS, experimentFromPreset, experimentFromQuery, experimentToQuery, headsProblem, NUMBER_FIELDS, type NumberField } from './schema';
import { datasetsOfKind, TEXT_DATASETS } from './stage-data';
import { canonicalData, rewardBatchProblem } from './stage-schema';
import type { Experiment } from './types';

const pick = <T,>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

function randomValue(rng: Rng, f: NumberField): number {
  if (f.int) return f.min + rng.int(Math.min(f.max - f.min + 1, 100_000));
  // Log-uniform over the range (0 allowed where the range starts at 0): any double must survive String().
  if (f.min === 0 && rng.uniform() < 0.2) return 0;
  const lo = Math.log(Math.max(f.min, 1e-6));
  return Math.min(f.max, Math.exp(lo + rng.uniform() * (Math.log(f.max) - lo)));
}

/** A valid experiment: some fields changed from a random preset, heads dividing the width. */
function randomExperiment(rng: Rng): Experiment {
  let e = experimentFromPreset(pick(rng, PRESETS).name);
  e = { ...e, dataset: pick(rng, TEXT_DATASETS).id };
  for (const f of NUMBER_FIELDS) if (rng.uniform() < 0.5) e = f.set(e, randomValue(rng, f));
  if (headsProblem(e.model)) {
    const nHead = 1 + rng.int(16);
    e = { ...e, model: { ...e.model, nHead, nEmbd: nHead * 4 * (1 + rng.int(8)) } };
  }
  if (rewardBatchProblem(e.reward)) e = { ...e, reward: { ...e.reward, batch: e.reward.k + rng.int(100) } };
  const data = rng.uniform() < 0.5 ? canonicalData('sft', pick(rng, datasetsOfKind('sft')).id, e.dataset) : null;
  const prompts = rng.uniform() < 0.5 ? canonicalData('prompts', pick(rng, datasetsOfKind('prompts')).id, e.dataset) : null;
  const labeler = rng.uniform() < 0.5 ? e.reward.labeler : pick(rng, LABELERS).id;
  const targetKl = rng.uniform() < 0.5 ? null : 0.01 + rng.uniform() * 99.99;
  e = { ...e, sft: { ...e.sft, data }, reward: { ...e.reward, prompts, labeler }, ppo: { ...e.ppo, targetKl } };
  const hide = CONTROL_IDS.filter(() => rng.uniform() < 0.2);
  const guide = rng.uniform() < 0.5 ? null : pick(rng, Object.keys(GUIDES));
  const precision = rng.uniform() < 0.5 ? 'auto' : 'f32';
  return { ...e, hide, guide, precision };
}

const keys = (query: string) => [...new URLSearchParams(query).keys()];

describe('experiment schema', () => {
  it('round-trips random experiments through the URL without notices', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 500; i++) {
      const e = randomExperiment(rng);
      const query = experimentToQuery(e);
      const back = experimentFromQuery(`?${query}`);
      expect(back.notices, query).toEqual([]);
      expect(back.experiment, query).toEqual(e);
      expect(experimentToQuery(back.experiment)).toBe(query);
    }
  });

  it('writes only the values that differ from the preset, plus v, preset and seed', () => {
    const rng = new Rng(11);
    for (let i = 0; i < 200; i++) {
      const e = randomExperiment(rng);
      const base = experimentFromPreset(e.preset);
      const changed = NUMBER_FIELDS.filter((f) => f.key !== 'seed' && f.get(e) !== f.get(base)).map((f) => f.key);
      const choices = [...(e.sft.data !== null ? ['sft.data'] : []), ...(e.reward.labeler !== base.reward.labeler ? ['labeler'] : []), ...(e.reward.prompts !== null ? ['rm.data'] : []), ...(e.ppo.targetKl !== null ? ['target-kl'] : [])];
      const expected = ['v', 'preset', ...(e.dataset !== base.dataset ? ['dataset'] : []), ...changed, 'seed', ...choices];
      expect(keys(experimentToQuery(e)).filter((k) => k !== 'hide' && k !== 'guide' && k !== 'precision').sort()).toEqual(expected.sort());
    }
  });

  it('writes a preset link as v, preset and seed only, with readable classroom options', () => {
    expect(experimentToQuery(experimentFromPreset('small'))).toBe('v=1&preset=small&seed=1337');
    const e = { ...experimentFromPreset('tiny'), hide: ['lr', 'batch'], guide: 'attention', train: { ...experimentFromPreset('tiny').train, lr: 0.01 } };
    expect(experimentToQuery(e)).toBe('v=1&preset=tiny&lr=0.01&seed=1337&hide=lr,batch&guide=attention');
  });

  it('reads an empty query as the default preset, silently', () => {
    expect(experimentFromQuery('')).toEqual({ experiment: experimentFromPreset('tiny'), notices: [] });
  });

  it('reads precision=f32 (forced f32 matmuls) and refuses other values with a notice', () => {
    expect(experimentFromQuery('?preset=tiny&precision=f32').experiment.precision).toBe('f32');
    const bad = experimentFromQuery('?preset=tiny&precision=f16');
    expect(bad.experiment.precision).toBe('auto');
    expect(bad.notices.map(english)).toEqual(['precision: "f16" is not f32 or auto; using auto (the fastest path this GPU offers).']);
  });

  it('drops unknown keys with a notice', () => {
    const { experiment, notices } = experimentFromQuery('?preset=small&autorun=1&lr=0.002');
    expect(experiment.train.lr).toBe(0.002);
    expect(notices.map(english)).toEqual(['The link\'s setting "autorun" is not known here and was ignored.']);
  });

  it('replaces invalid values with the preset default, one notice each', () => {
    const { experiment, notices } = experimentFromQuery('preset=small&lr=fast&layers=0&batch=2.5&steps=&decay=3');
    const base = experimentFromPreset('small');
    expect(experiment).toEqual(base);
    expect(notices.map(english)).toEqual([
      'Layers: 0 is outside 1–24; using 4.',
      'Learning rate: "fast" is not a number; using 0.001.',
      'Batch: 2.5 is not a whole number; using 12.',
      'Steps: "" is not a number; using 1000.',
      'Weight decay: 3 is outside 0–1; using 0.1.',
    ]);
  });

  it('falls back to valid heads and width when heads do not split the width', () => {
    const a = experimentFromQuery('preset=small&heads=3');
    expect(a.experiment.model).toMatchObject({ nHead: 4, nEmbd: 128 });
    expect(a.notices.map(english)).toEqual(['3 heads cannot split width 128: the width per head must be a whole multiple of 4, at most 128; using 4 heads and width 128.']);
    const b = experimentFromQuery('preset=small&width=36');
    expect(b.experiment.model).toMatchObject({ nHead: 4, nEmbd: 128 });
    expect(b.notices).toHaveLength(1);
  });

  it('rejects unknown presets, datasets, guides and hidden controls', () => {
    const { experiment, notices } = experimentFromQuery('preset=huge&dataset=shakespeare&guide=nope&hide=lr,foo');
    expect(experiment).toEqual({ ...experimentFromPreset('tiny'), hide: ['lr'] });
    expect(notices.map(english)).toEqual([
      'Unknown preset "huge"; using tiny instead.',
      'Unknown dataset "shakespeare"; using Tiny stories (English) instead.',
      'Unknown controls to hide (foo) were ignored.',
      'Unknown guide "nope"; known guides: first-steps, attention, reward-hacking, gpt1-heads, zero-shot, in-context, chain-of-thought.',
    ]);
    expect(experimentFromQuery('guide=toString').notices).toHaveLength(1);
  });

  it('loads a link from a newer schema version with a notice', () => {
    const { experiment, notices } = experimentFromQuery('v=2&preset=small&layers=2');
    expect(experiment.model.nLayer).toBe(2);
    expect(notices.map(english)).toEqual(['This link was made by a newer GPT Lab (version 2); settings this version does not know use their defaults.']);
    expect(experimentFromQuery('v=x').notices.map(english)).toEqual(['The link\'s version "x" is not valid; reading it as version 1.']);
  });

  it('never puts uploaded text in the URL, and says so when such a link is opened', () => {
    const e = { ...experimentFromPreset('tiny'), dataset: 'upload' };
    const query = experimentToQuery(e);
    expect(query).toBe('v=1&preset=tiny&dataset=upload&seed=1337');
    const opened = experimentFromQuery(query);
    expect(opened.experiment.dataset).toBe('tinystories-en');
    expect(opened.notices.map(english)).toEqual(["This link was made with the author's own text; using Tiny stories (English) instead."]);
    expect(experimentFromQuery(query, { hasUpload: true })).toEqual({ experiment: e, notices: [] });
  });

  it('always yields a model the engine accepts, whatever the link says', () => {
    const rng = new Rng(3);
    const junk = ['-1', '0', '1e9', 'abc', '3.5', '', '7', '64', '0.5'];
    for (let i = 0; i < 300; i++) {
      const query = NUMBER_FIELDS.filter(() => rng.uniform() < 0.5).map((f) => `${f.key}=${pick(rng, junk)}`).join('&');
      const { experiment } = experimentFromQuery(query);
      expect(() => validateModelConfig({ ...experiment.model, vocabSize: 10 }), query).not.toThrow();
      expect(headsProblem(experiment.model), query).toBeNull();
    }
  });
});
