// The experiment a URL carries: preset, data, model size, training settings (seed included), the settings of the
// later stages (SFT, reward model, PPO) and classroom options. The schema (defaults, URL encoding, validation) lives
// in schema.ts and stage-schema.ts.
import type { TrainConfig } from '../../engine/config';
import type { Say } from '../i18n/i18n';

/** Stage 2, supervised fine-tuning: L3 = L2 + λ·L1 on prompt/completion demonstrations. */
export interface SftSettings {
  steps: number;
  lr: number;
  /** Examples per step. */
  batch: number;
  /** λ: weight of the language-model loss on the whole example (0.5 in GPT-1, 0 = completion loss only). */
  lambda: number;
  /** SFT dataset id; null = the one made for the pretraining corpus (see stage-data.ts). */
  data: string | null;
}

/** Stage 3, reward model: trained on K responses per prompt ranked by a labeler (or by hand). */
export interface RewardSettings {
  steps: number;
  lr: number;
  /** Sequences (responses) per step; at least K, so one prompt's ranking fits in a batch. */
  batch: number;
  /** Responses sampled and ranked per prompt. */
  k: number;
  /** Programmatic labeler id (src/engine/labelers). */
  labeler: string;
  /** Prompts dataset id; null = the one made for the pretraining corpus. */
  prompts: string | null;
  /** Most prompts "Make rankings" samples and ranks. */
  maxPrompts: number;
}

/** Stage 4, PPO-ptx: the SFT model trained against the reward model, with a KL penalty toward π_SFT and the
 *  pretraining loss mixed in (γ). */
export interface PpoSettings {
  /** PPO iterations (rollouts). */
  steps: number;
  /** Prompts per rollout. */
  batch: number;
  lr: number;
  /** KL coefficient β (the initial one when adaptive). */
  beta: number;
  /** Adapt β toward this KL per sequence (nats); null = fixed β. */
  targetKl: number | null;
  /** γ, the weight of the pretraining loss (0 = plain PPO). */
  ptx: number;
  /** PPO updates per rollout. */
  epochs: number;
  /** Most response tokens. */
  len: number;
  /** ε, the policy ratio's clip range. */
  clip: number;
  /** Sampling temperature of the rollouts. */
  temperature: number;
}

export interface Experiment {
  /** Preset the values start from; only values that differ from it go into the URL. */
  preset: string;
  /** Bundled dataset id, or UPLOADED_DATASET for the user's own text (which never goes into the URL). */
  dataset: string;
  model: { nLayer: number; nHead: number; nEmbd: number; blockSize: number };
  train: TrainConfig;
  sft: SftSettings;
  reward: RewardSettings;
  ppo: PpoSettings;
  /** Classroom mode: ids of controls hidden from the learner (e.g. ['lr', 'batch']). */
  hide: string[];
  /** Guided preset shown to the learner (a short lesson text), if any. */
  guide: string | null;
  /** `lang`: the page's language; a lesson's data and text follow it. */
  lang: 'en' | 'zh';
  /** `precision=f32`: f32 matmuls even where the GPU offers f16 inputs ('auto': the fastest path it offers). */
  precision: 'auto' | 'f32';
  /** The lessons from the GPT papers (`guide=in-context` …): their budget (null = the lesson's own). */
  lesson: LessonSettings;
}

export interface LessonSettings {
  /** `lesson.steps`: pretraining steps per model. */
  steps: number | null;
  /** `lesson.items`: held-out items per task at each evaluation. */
  items: number | null;
}

export const LESSON_DEFAULTS: LessonSettings = { steps: null, items: null };
export const DEFAULT_LANG = 'en';

export const UPLOADED_DATASET = 'upload';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  /** A catalogue message, or text shown as it is (see src/ui/i18n/i18n.ts). */
  text: Say;
}
