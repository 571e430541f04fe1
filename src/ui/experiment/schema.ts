// The experiment schema: defaults (a preset), the URL encoding (short stable keys, only values that differ
// from the preset, plus `v`, `preset` and `seed` always) and validation (unknown keys and invalid values give a
// notice and fall back to the default). The controls validate edits with the same field table. The later stages'
// settings come from stage-schema.ts. Tested by schema.test.ts (round-trip properties, notices) and stage-schema.test.ts.

import { DATASETS } from '../../engine/data/datasets';
import { getPreset, PRESETS, presetTrainConfig } from '../../engine/presets';
import type { RunSpec } from '../../workers/protocol';
import { GUIDES } from './guides';
import { PPO_DEFAULTS, readStageChoices, REWARD_DEFAULTS, rewardBatchProblem, SFT_DEFAULTS, STAGE_CONTROL_IDS, STAGE_NUMBER_FIELDS, stageChoiceQuery, type StageNumberKey } from './stage-schema';
import { TEXT_DATASETS } from './stage-data';
import { DEFAULT_LANG, LESSON_DEFAULTS, UPLOADED_DATASET, type Experiment } from './types';
import { lessonQuery, readLang, readLesson } from './lesson-schema';
import { msg, type Msg } from '../i18n/i18n';
import { datasetTitleSay } from '../i18n/names';

/** Version of the URL schema; links from a newer version load what they can, with a notice. */
export const SCHEMA_VERSION = 1;
export const DEFAULT_PRESET = PRESETS[0].name;
export const DEFAULT_DATASET = TEXT_DATASETS[0].id;

/** Ids of the controls a classroom link can hide (`hide=lr,batch`); also their `data-testid="control-<id>"`. */
export const CONTROL_IDS = ['dataset', 'preset', 'layers', 'heads', 'width', 'context', 'lr', 'batch', 'steps', 'seed', 'warmup', 'clip', 'decay', 'upload', ...STAGE_CONTROL_IDS, 'lesson'] as const;
export type ControlId = (typeof CONTROL_IDS)[number];

export type NumberKey = 'layers' | 'heads' | 'width' | 'context' | 'lr' | 'batch' | 'steps' | 'seed' | 'warmup' | 'clip' | 'decay' | StageNumberKey;

/** A numeric setting: its URL key (= control id), label, allowed range, and where it lives in the experiment. */
export interface NumberField {
  key: NumberKey;
  label: string;
  int: boolean;
  min: number;
  max: number;
  get(e: Experiment): number;
  set(e: Experiment, v: number): Experiment;
}

const model = (k: keyof Experiment['model']) => ({
  get: (e: Experiment) => e.model[k],
  set: (e: Experiment, v: number): Experiment => ({ ...e, model: { ...e.model, [k]: v } }),
});
const train = (k: 'batchSize' | 'steps' | 'lr' | 'warmupSteps' | 'weightDecay' | 'gradClip' | 'seed') => ({
  get: (e: Experiment) => e.train[k],
  set: (e: Experiment, v: number): Experiment => ({ ...e, train: { ...e.train, [k]: v } }),
});

/** In URL order. Ranges bound what a link can ask a visitor's GPU to allocate; the adapter limits are checked by the worker. */
export const NUMBER_FIELDS: readonly NumberField[] = [
  { key: 'layers', label: 'Layers', int: true, min: 1, max: 24, ...model('nLayer') },
  { key: 'heads', label: 'Heads', int: true, min: 1, max: 32, ...model('nHead') },
  { key: 'width', label: 'Width', int: true, min: 4, max: 2048, ...model('nEmbd') },
  { key: 'context', label: 'Context', int: true, min: 2, max: 2048, ...model('blockSize') },
  { key: 'lr', label: 'Learning rate', int: false, min: 1e-6, max: 1, ...train('lr') },
  { key: 'batch', label: 'Batch', int: true, min: 1, max: 1024, ...train('batchSize') },
  { key: 'steps', label: 'Steps', int: true, min: 1, max: 1_000_000, ...train('steps') },
  { key: 'warmup', label: 'Warmup steps', int: true, min: 0, max: 1_000_000, ...train('warmupSteps') },
  { key: 'clip', label: 'Gradient clip', int: false, min: 0, max: 1000, ...train('gradClip') },
  { key: 'decay', label: 'Weight decay', int: false, min: 0, max: 1, ...train('weightDecay') },
  { key: 'seed', label: 'Seed', int: true, min: 0, max: 2 ** 32 - 1, ...train('seed') },
  ...STAGE_NUMBER_FIELDS,
];

const KNOWN_KEYS = new Set(['v', 'preset', 'dataset', 'hide', 'guide', 'sft.data', 'labeler', 'rm.data', 'target-kl', 'lang', 'precision', 'lesson.steps', 'lesson.items', ...NUMBER_FIELDS.map((f) => f.key)]);

export function numberField(key: NumberKey): NumberField {
  return NUMBER_FIELDS.find((f) => f.key === key)!;
}

/** Parses one value for a field: the number, or why it is not acceptable. */
export function parseField(f: NumberField, raw: string): { value: number } | { error: string; why: Msg } {
  const v = raw.trim() === '' ? NaN : Number(raw);
  const label = msg(`fields.${fieldKey(f.key)}`);
  if (!Number.isFinite(v)) return { error: `${f.label}: "${raw}" is not a number`, why: msg('fieldErrors.notNumber', { label, raw }) };
  if (f.int && !Number.isInteger(v)) return { error: `${f.label}: ${raw} is not a whole number`, why: msg('fieldErrors.notWhole', { label, raw }) };
  if (v < f.min || v > f.max) return { error: `${f.label}: ${raw} is outside ${f.min}–${f.max}`, why: msg('fieldErrors.outside', { label, raw, min: f.min, max: f.max }) };
  return { value: v === 0 ? 0 : v }; // "-0" reads as 0, so the link written back is the same
}

/** Why the heads cannot split the width (the attention kernel needs head sizes that are multiples of 4, up to 128), or null. */
export function headsProblem(m: Experiment['model']): string | null {
  const hs = m.nEmbd / m.nHead;
  if (Number.isInteger(hs) && hs % 4 === 0 && hs <= 128) return null;
  return `${m.nHead} heads cannot split width ${m.nEmbd}: the width per head must be a whole multiple of 4, at most 128`;
}

/** The catalogue key part of a field (`sft.steps` → `sft_steps`: i18next reads dots as nesting). */
export const fieldKey = (key: string) => key.replace(/\./g, '_');

/** crossFieldProblem as a message in the page's language. */
export function crossFieldMsg(key: NumberKey, next: Experiment): Msg | null {
  if (!crossFieldProblem(key, next)) return null;
  if (key === 'heads' || key === 'width') return msg('fieldErrors.heads', { heads: next.model.nHead, width: next.model.nEmbd });
  return msg('fieldErrors.rewardBatch', { batch: next.reward.batch, k: next.reward.k });
}

/** Why an edit of `key` that gives `next` breaks a rule between two fields (heads and width, K and reward batch), or null. */
export function crossFieldProblem(key: NumberKey, next: Experiment): string | null {
  if (key === 'heads' || key === 'width') return headsProblem(next.model);
  if (key === 'k' || key === 'rm.batch') return rewardBatchProblem(next.reward);
  return null;
}

export function datasetTitle(id: string): string {
  return DATASETS.find((d) => d.id === id)?.title ?? id;
}

/** The preset's model and training settings, the default dataset, seed from the preset, no classroom options. */
export function experimentFromPreset(name: string): Experiment {
  const p = getPreset(name);
  return { preset: p.name, dataset: DEFAULT_DATASET, model: { ...p.model }, train: presetTrainConfig(p), sft: { ...SFT_DEFAULTS }, reward: { ...REWARD_DEFAULTS }, ppo: { ...PPO_DEFAULTS }, hide: [], guide: null, lang: DEFAULT_LANG, precision: 'auto', lesson: { ...LESSON_DEFAULTS } };
}

/** The query string (without `?`) for an experiment: `v`, `preset`, the values that differ from the preset, `seed`. */
export function experimentToQuery(e: Experiment): string {
  const base = experimentFromPreset(e.preset);
  const parts: [string, string][] = [['v', String(SCHEMA_VERSION)], ['preset', e.preset]];
  if (e.dataset !== base.dataset) parts.push(['dataset', e.dataset]);
  for (const f of NUMBER_FIELDS) {
    if (f.key === 'seed' || f.get(e) !== f.get(base)) parts.push([f.key, String(f.get(e))]);
  }
  parts.push(...stageChoiceQuery(e));
  if (e.hide.length) parts.push(['hide', e.hide.join(',')]);
  if (e.guide) parts.push(['guide', e.guide]);
  if (e.precision !== 'auto') parts.push(['precision', e.precision]);
  parts.push(...lessonQuery(e.lang, e.lesson));
  // Commas stay readable in `hide=lr,batch`; everything else is percent-encoded.
  return parts.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');
}

export interface ParsedExperiment {
  experiment: Experiment;
  /** Worded in the reader's language when shown (`english()` gives the English words). */
  notices: Msg[];
}

/**
 * Reads an experiment from a query string (with or without `?`). Never throws: unknown keys are dropped and
 * invalid values replaced by the preset's, each with a notice. `dataset=upload` is accepted only with
 * `hasUpload` (a saved run that carries its text); a shared link never carries the author's text.
 */
export function experimentFromQuery(search: string, opts: { hasUpload?: boolean } = {}): ParsedExperiment {
  const q = new URLSearchParams(search);
  const notices: Msg[] = [];
  for (const key of new Set(q.keys())) {
    if (!KNOWN_KEYS.has(key)) notices.push(msg('linkNotices.unknownKey', { key }));
  }

  const v = q.get('v');
  if (v !== null) {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) notices.push(msg('linkNotices.badVersion', { v, version: SCHEMA_VERSION }));
    else if (n > SCHEMA_VERSION) notices.push(msg('linkNotices.newerVersion', { n }));
  }

  let presetName = q.get('preset') ?? DEFAULT_PRESET;
  if (!PRESETS.some((p) => p.name === presetName)) {
    notices.push(msg('linkNotices.unknownPreset', { name: presetName, fallback: DEFAULT_PRESET }));
    presetName = DEFAULT_PRESET;
  }
  const base = experimentFromPreset(presetName);
  let e = base;

  const dataset = q.get('dataset');
  if (dataset === UPLOADED_DATASET) {
    if (opts.hasUpload) e = { ...e, dataset };
    else notices.push(msg('linkNotices.uploadedText', { title: datasetTitleSay(DEFAULT_DATASET) }));
  } else if (dataset !== null) {
    if (TEXT_DATASETS.some((d) => d.id === dataset)) e = { ...e, dataset };
    else notices.push(msg('linkNotices.unknownDataset', { id: dataset, title: datasetTitleSay(DEFAULT_DATASET) }));
  }

  for (const f of NUMBER_FIELDS) {
    const raw = q.get(f.key);
    if (raw === null) continue;
    const parsed = parseField(f, raw);
    if ('value' in parsed) e = f.set(e, parsed.value);
    else notices.push(msg('linkNotices.badField', { why: parsed.why, value: f.get(base) }));
  }

  const heads = headsProblem(e.model);
  if (heads) {
    const bad = e.model;
    e = { ...e, model: { ...e.model, nHead: base.model.nHead } };
    if (headsProblem(e.model)) e = { ...e, model: { ...e.model, nEmbd: base.model.nEmbd } };
    notices.push(msg('linkNotices.heads', { why: msg('fieldErrors.heads', { heads: bad.nHead, width: bad.nEmbd }), heads: e.model.nHead, width: e.model.nEmbd }));
  }
  e = readStageChoices(q, e, notices);

  const hide = q.get('hide');
  if (hide !== null) {
    const ids = [...new Set(hide.split(',').filter((s) => s !== ''))];
    const unknown = ids.filter((id) => !(CONTROL_IDS as readonly string[]).includes(id));
    if (unknown.length) notices.push(msg('linkNotices.unknownControls', { ids: unknown.join(', ') }));
    e = { ...e, hide: ids.filter((id) => !unknown.includes(id)) };
  }

  const guide = q.get('guide');
  if (guide !== null) {
    if (Object.hasOwn(GUIDES, guide)) e = { ...e, guide };
    else notices.push(msg('linkNotices.unknownGuide', { id: guide, known: Object.keys(GUIDES).join(', ') }));
  }
  const precision = q.get('precision');
  if (precision === 'f32' || precision === 'auto') e = { ...e, precision };
  else if (precision !== null) notices.push(msg('linkNotices.badPrecision', { raw: precision }));
  e = { ...e, lang: readLang(q, notices) ?? DEFAULT_LANG, lesson: readLesson(q, notices) };
  return { experiment: e, notices };
}

/** What the worker needs to build the run. */
export function experimentToRunSpec(e: Experiment): RunSpec {
  return { model: { ...e.model }, train: { ...e.train }, precision: e.precision };
}
