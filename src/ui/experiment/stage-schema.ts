// The URL schema of the later stages: SFT (`sft.steps`, `sft.lr`, `sft.batch`, `lambda`, `sft.data`), the
// reward model (`rm.steps`, `rm.lr`, `rm.batch`, `k`, `rm.prompts`, `labeler`, `rm.data`) and PPO-ptx (`ppo.steps`,
// `ppo.batch`, `ppo.lr`, `beta`, `target-kl`, `ptx`, `ppo.epochs`, `ppo.len`, `ppo.clip`, `ppo.temp`). Defaults do not depend
// on the preset; data ids default to the files made for the pretraining corpus (null in the experiment).
// schema.ts folds these into the one URL table. Tested by stage-schema.test.ts and schema.test.ts.
import type { TrainConfig } from '../../engine/config';
import { LABELERS } from '../../engine/labelers/labelers';
import { DEFAULT_LAMBDA, DEFAULT_PPO, PPO_TRAIN, STAGE_TRAIN } from '../../engine/stages/defaults';
import type { NumberField } from './schema';
import { datasetsOfKind, matchingDataset } from './stage-data';
import type { Experiment, PpoSettings, RewardSettings, SftSettings } from './types';
import { msg, type Msg } from '../i18n/i18n';

/** Steps, learning rate and batch come from the engine's stage defaults (src/engine/stages/defaults.ts). */
export const SFT_DEFAULTS: SftSettings = { steps: STAGE_TRAIN.sft.steps, lr: STAGE_TRAIN.sft.lr, batch: STAGE_TRAIN.sft.batchSize, lambda: DEFAULT_LAMBDA, data: null };
export const REWARD_DEFAULTS: RewardSettings = { steps: STAGE_TRAIN.reward.steps, lr: STAGE_TRAIN.reward.lr, batch: STAGE_TRAIN.reward.batchSize, k: 4, labeler: 'concise', prompts: null, maxPrompts: 48 };

/** PPO: 30 rollouts of 8 prompts, β = 0.1 (InstructGPT's 0.02 was for a much larger model), γ = 0.5, 4 epochs,
 *  responses of at most 24 tokens; the engine's DEFAULT_PPO gives β, γ, epochs and the response length. */
export const PPO_DEFAULTS: PpoSettings = {
  steps: PPO_TRAIN.steps, batch: PPO_TRAIN.batchSize, lr: PPO_TRAIN.lr, beta: DEFAULT_PPO.beta, targetKl: DEFAULT_PPO.targetKl, ptx: DEFAULT_PPO.ptxCoef, epochs: DEFAULT_PPO.epochs, len: DEFAULT_PPO.responseLen,
  clip: DEFAULT_PPO.clip, temperature: DEFAULT_PPO.temperature,
};
/** Range of `target-kl` (nats per sequence). */
export const TARGET_KL_RANGE = { min: 0.01, max: 100 } as const;

export type StageNumberKey = 'sft.steps' | 'sft.lr' | 'sft.batch' | 'lambda' | 'rm.steps' | 'rm.lr' | 'rm.batch' | 'k' | 'rm.prompts'
  | 'ppo.steps' | 'ppo.batch' | 'ppo.lr' | 'beta' | 'ptx' | 'ppo.epochs' | 'ppo.len' | 'ppo.clip' | 'ppo.temp';
/** Settings chosen from a list (select controls). */
export type StageChoiceKey = 'sft.data' | 'labeler' | 'rm.data' | 'target-kl';
/** Control ids of the later stages that `hide=` accepts (number and choice controls, plus the rankings upload). */
export const STAGE_CONTROL_IDS = ['sft.steps', 'sft.lr', 'sft.batch', 'lambda', 'sft.data', 'rm.steps', 'rm.lr', 'rm.batch', 'k', 'labeler', 'rm.data', 'rm.prompts', 'rm.upload', 'hand-ranking',
  'ppo.steps', 'ppo.batch', 'ppo.lr', 'beta', 'target-kl', 'ptx', 'ppo.epochs', 'ppo.len', 'ppo.clip', 'ppo.temp'] as const;

const sft = (k: 'steps' | 'lr' | 'batch' | 'lambda') => ({
  get: (e: Experiment) => e.sft[k],
  set: (e: Experiment, v: number): Experiment => ({ ...e, sft: { ...e.sft, [k]: v } }),
});
const rm = (k: 'steps' | 'lr' | 'batch' | 'k' | 'maxPrompts') => ({
  get: (e: Experiment) => e.reward[k],
  set: (e: Experiment, v: number): Experiment => ({ ...e, reward: { ...e.reward, [k]: v } }),
});

const ppo = (k: 'steps' | 'batch' | 'lr' | 'beta' | 'ptx' | 'epochs' | 'len' | 'clip' | 'temperature') => ({
  get: (e: Experiment) => e.ppo[k],
  set: (e: Experiment, v: number): Experiment => ({ ...e, ppo: { ...e.ppo, [k]: v } }),
});

/** In URL order, after the pretraining fields. */
export const STAGE_NUMBER_FIELDS: readonly NumberField[] = [
  { key: 'sft.steps', label: 'SFT steps', int: true, min: 1, max: 1_000_000, ...sft('steps') },
  { key: 'sft.lr', label: 'SFT learning rate', int: false, min: 1e-6, max: 1, ...sft('lr') },
  { key: 'sft.batch', label: 'SFT batch', int: true, min: 1, max: 1024, ...sft('batch') },
  { key: 'lambda', label: 'λ (LM loss weight)', int: false, min: 0, max: 10, ...sft('lambda') },
  { key: 'rm.steps', label: 'Reward steps', int: true, min: 1, max: 1_000_000, ...rm('steps') },
  { key: 'rm.lr', label: 'Reward learning rate', int: false, min: 1e-6, max: 1, ...rm('lr') },
  { key: 'rm.batch', label: 'Reward batch', int: true, min: 2, max: 1024, ...rm('batch') },
  { key: 'k', label: 'K (responses per prompt)', int: true, min: 2, max: 8, ...rm('k') },
  { key: 'rm.prompts', label: 'Prompts to rank', int: true, min: 1, max: 10_000, ...rm('maxPrompts') },
  { key: 'ppo.steps', label: 'PPO rollouts', int: true, min: 1, max: 1_000_000, ...ppo('steps') },
  { key: 'ppo.batch', label: 'Prompts per rollout', int: true, min: 1, max: 1024, ...ppo('batch') },
  { key: 'ppo.lr', label: 'PPO learning rate', int: false, min: 1e-6, max: 1, ...ppo('lr') },
  { key: 'beta', label: 'β (KL penalty)', int: false, min: 0, max: 10, ...ppo('beta') },
  { key: 'ptx', label: 'γ (pretraining mix)', int: false, min: 0, max: 10, ...ppo('ptx') },
  { key: 'ppo.epochs', label: 'PPO epochs', int: true, min: 1, max: 16, ...ppo('epochs') },
  { key: 'ppo.len', label: 'Response length', int: true, min: 1, max: 256, ...ppo('len') },
  { key: 'ppo.clip', label: 'ε (clip range)', int: false, min: 0.01, max: 10, ...ppo('clip') },
  { key: 'ppo.temp', label: 'Sampling temperature', int: false, min: 0.05, max: 10, ...ppo('temperature') },
];

/** Parses a `target-kl` value: '' = fixed β (null), else a number in TARGET_KL_RANGE; or why not. */
export function parseTargetKl(raw: string): { value: number | null } | { error: string; why: Msg } {
  if (raw.trim() === '') return { value: null };
  const v = Number(raw);
  const label = msg('ppo.targetKl');
  if (!Number.isFinite(v)) return { error: `Target KL: "${raw}" is not a number`, why: msg('fieldErrors.notNumber', { label, raw }) };
  if (v < TARGET_KL_RANGE.min || v > TARGET_KL_RANGE.max) {
    return { error: `Target KL: ${raw} is outside ${TARGET_KL_RANGE.min}–${TARGET_KL_RANGE.max}`, why: msg('fieldErrors.outside', { label, raw, ...TARGET_KL_RANGE }) };
  }
  return { value: v };
}

/** Why the reward batch cannot hold one prompt's K responses, or null. */
export function rewardBatchProblem(r: Pick<RewardSettings, 'batch' | 'k'>): string | null {
  return r.batch >= r.k ? null : `Reward batch ${r.batch} is smaller than K = ${r.k}: a batch must hold one prompt's K responses`;
}

/** A data id as the experiment keeps it: null when it is the default for the corpus. */
export function canonicalData(kind: 'sft' | 'prompts', id: string | null, corpus: string): string | null {
  return id === null || id === matchingDataset(kind, corpus) ? null : id;
}

/** The stage settings that are not numbers, as URL pairs, only where they differ from the defaults. */
export function stageChoiceQuery(e: Experiment): [StageChoiceKey, string][] {
  const parts: [StageChoiceKey, string][] = [];
  if (e.sft.data !== null) parts.push(['sft.data', e.sft.data]);
  if (e.reward.labeler !== REWARD_DEFAULTS.labeler) parts.push(['labeler', e.reward.labeler]);
  if (e.reward.prompts !== null) parts.push(['rm.data', e.reward.prompts]);
  if (e.ppo.targetKl !== null) parts.push(['target-kl', String(e.ppo.targetKl)]);
  return parts;
}

/** Reads `sft.data`, `labeler`, `rm.data` and `target-kl` into `e` (whose corpus is already read); bad values give notices. */
export function readStageChoices(q: URLSearchParams, e: Experiment, notices: Msg[]): Experiment {
  const data = (key: StageChoiceKey, kind: 'sft' | 'prompts', what: 'linkNotices.unknownSftData' | 'linkNotices.unknownPrompts'): string | null | undefined => {
    const raw = q.get(key);
    if (raw === null) return undefined;
    if (datasetsOfKind(kind).some((d) => d.id === raw)) return canonicalData(kind, raw, e.dataset);
    notices.push(msg(what, { raw, fallback: matchingDataset(kind, e.dataset) ?? msg('linkNotices.none') }));
    return null;
  };
  const sftData = data('sft.data', 'sft', 'linkNotices.unknownSftData');
  const prompts = data('rm.data', 'prompts', 'linkNotices.unknownPrompts');
  let labeler = e.reward.labeler;
  const rawLabeler = q.get('labeler');
  if (rawLabeler !== null) {
    if (LABELERS.some((l) => l.id === rawLabeler)) labeler = rawLabeler;
    else notices.push(msg('linkNotices.unknownLabeler', { raw: rawLabeler, known: LABELERS.map((l) => l.id).join(', '), labeler }));
  }
  let targetKl = e.ppo.targetKl;
  const rawKl = q.get('target-kl');
  if (rawKl !== null) {
    const parsed = parseTargetKl(rawKl);
    if ('value' in parsed) targetKl = parsed.value;
    else notices.push(msg('linkNotices.badTargetKl', { why: parsed.why }));
  }
  let out: Experiment = {
    ...e,
    ppo: { ...e.ppo, targetKl },
    sft: { ...e.sft, ...(sftData !== undefined && { data: sftData }) },
    reward: { ...e.reward, labeler, ...(prompts !== undefined && { prompts }) },
  };
  const batch = rewardBatchProblem(out.reward);
  if (batch) {
    const bad = out.reward;
    out = { ...out, reward: { ...out.reward, batch: Math.max(REWARD_DEFAULTS.batch, out.reward.k) } };
    notices.push(msg('linkNotices.rewardBatch', { why: msg('fieldErrors.rewardBatch', { batch: bad.batch, k: bad.k }), batch: out.reward.batch }));
  }
  return out;
}

/** Evaluations per stage run: about five, at least 5 steps apart, never rarer than pretraining's. */
function stageEvalEvery(steps: number, pretrainEvery: number): number {
  return Math.min(Math.max(1, pretrainEvery), Math.max(5, Math.ceil(steps / 5)));
}

/** The training config of a later stage: the pretraining optimizer settings with the stage's steps, lr and batch;
 *  warmup shortened to a tenth of the stage at most (a fine-tune starts from trained weights). */
export function stageTrainConfig(e: Experiment, stage: 'sft' | 'reward' | 'ppo'): TrainConfig {
  const s = stage === 'sft' ? e.sft : stage === 'reward' ? e.reward : e.ppo;
  return {
    ...e.train,
    steps: s.steps,
    lr: s.lr,
    batchSize: s.batch,
    warmupSteps: Math.min(e.train.warmupSteps, Math.floor(s.steps / 10)),
    evalEvery: stageEvalEvery(s.steps, e.train.evalEvery),
  };
}
