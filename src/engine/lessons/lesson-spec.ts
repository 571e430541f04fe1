// The four lessons from the GPT papers as data: which bundled corpus and task file each run uses (in English or
// Chinese), the model and training budget, when to evaluate and with how many in-context examples. The same
// recipe runs in the lab's worker, on the command line (`npm run lesson`) and in the CI learning tests, so the
// figures a class sees are the ones the tests measure. Tested by lesson-spec.test.ts.

import type { ModelConfig, TrainConfig } from '../config';
import { DEFAULT_TRAIN } from '../config';

export const LESSON_IDS = ['gpt1-heads', 'zero-shot', 'in-context', 'chain-of-thought'] as const;
export type LessonId = (typeof LESSON_IDS)[number];
export type LessonLanguage = 'en' | 'zh';

/** The models a lesson trains, by id, with their English names (the command line's words). */
export const RUN_LABELS = { model: 'the model', pretrained: 'the pretrained model', direct: 'direct answers', cot: 'chain of thought' } as const;
export type RunId = keyof typeof RUN_LABELS;

/** One model trained from scratch on `corpus` and evaluated on `tasks` (dataset ids). */
export interface PretrainRun {
  /** An id (RUN_LABELS has its English name; the page words it in the reader's language). */
  name: RunId;
  corpus: string;
  tasks: string;
}

/** GPT-1: fine-tune the pretrained model with a task head, once per λ, on `tasks` (a task-head JSONL dataset). */
export interface HeadsPlan {
  tasks: string;
  lambdas: number[];
  steps: number;
  evalEvery: number;
  batchSize: number;
  lr: number;
}

export interface LessonSpec {
  id: LessonId;
  model: Omit<ModelConfig, 'vocabSize'>;
  train: TrainConfig;
  runs: PretrainRun[];
  /** Evaluate the task files after these pretraining steps (0 = before training). */
  evalSteps: number[];
  /** In-context examples per prompt at each evaluation. */
  shots: number[];
  /** Items per task at each evaluation (the first ones; all when the task has fewer). */
  itemsPerTask: number;
  /** After pretraining, GPT-1 fine-tuning with a task head (gpt1-heads only). */
  heads?: HeadsPlan;
  /** Score attention heads as induction heads on an in-context prompt (in-context only). */
  induction?: boolean;
  /** After pretraining, each run's greedy answer to the first item of every task (chain of thought: its steps). */
  samples?: boolean;
}

/** Settings a link or the command line may change: the budget and the seed. */
export interface LessonOverrides {
  steps?: number;
  seed?: number;
  /** Items per task per evaluation. */
  items?: number;
  /** GPT-1: fine-tuning steps per λ. */
  headSteps?: number;
}

/** Evaluation points: 0, then evenly spaced to `steps` (`count` points after 0). */
export function evenSteps(steps: number, count: number): number[] {
  const out = new Set<number>([0]);
  for (let i = 1; i <= count; i++) out.add(Math.round((steps * i) / count));
  return [...out].sort((a, b) => a - b);
}

const LESSON_TRAIN: TrainConfig = { ...DEFAULT_TRAIN, batchSize: 16, lr: 3e-3, warmupSteps: 20, evalEvery: 0 };

function base(id: LessonId, steps: number, blockSize: number, nEmbd = 48, lr = LESSON_TRAIN.lr): Pick<LessonSpec, 'id' | 'model' | 'train'> {
  return { id, model: { nLayer: 2, nHead: 2, nEmbd, blockSize }, train: { ...LESSON_TRAIN, steps, lr } };
}

/** The recipe of lesson `id` in `lang`, with a link's or the command line's overrides applied. */
export function lessonSpec(id: LessonId, lang: LessonLanguage, o: LessonOverrides = {}): LessonSpec {
  const spec = defaultSpec(id, lang);
  const steps = o.steps ?? spec.train.steps;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`lesson ${id}: steps must be a positive integer (got ${steps})`);
  const seed = o.seed ?? spec.train.seed;
  const scale = steps / spec.train.steps;
  const evalSteps = [...new Set(spec.evalSteps.map((s) => Math.round(s * scale)))].sort((a, b) => a - b);
  // Fine-tuning follows the pretraining budget unless given: a short lesson (a quick class demo, a test) stays short.
  const heads = spec.heads && { ...spec.heads, steps: o.headSteps ?? Math.max(1, Math.round(spec.heads.steps * scale)) };
  if (heads) heads.evalEvery = Math.max(1, Math.min(heads.evalEvery, heads.steps));
  return { ...spec, train: { ...spec.train, steps, seed, warmupSteps: Math.min(spec.train.warmupSteps, Math.floor(steps / 5)) }, evalSteps, itemsPerTask: o.items ?? spec.itemsPerTask, heads };
}

function defaultSpec(id: LessonId, lang: LessonLanguage): LessonSpec {
  switch (id) {
    case 'zero-shot': {
      // The tiny preset's width with four heads (each task reads what it answers from a fixed number of characters
      // back: more heads, more such offsets at once; on a draft of this corpus at 600 steps, first letter 12 % with
      // 2 heads, 25 % with 4), a context that holds the longest sentence, and the in-context lesson's learning rate.
      // Measured at 1,000 steps (SwiftShader, seed 1337): English first letter 28 %, last letter 30 %, capitals 0 %,
      // sums 7 %; Chinese sums 57 %, the rest near chance (README, "What the lessons measured").
      const b = base(id, 1000, 32, 32, 2e-2);
      return { ...b, model: { ...b.model, nHead: 4 }, runs: [{ name: 'model', corpus: `lesson-zero-shot-${lang}`, tasks: `lesson-zero-shot-tasks-${lang}` }], evalSteps: evenSteps(1000, 5), shots: [0], itemsPerTask: 40 };
    }
    case 'in-context':
      // The tiny preset's width with a context that holds 8 examples and the query (8 × 4 + 2 tokens); a high
      // learning rate: the copy from earlier examples appears after about 100 steps (measured on SwiftShader, seed
      // 1337: at lr 1e-2, 8-shot accuracy 3 % → 22 % → 33 % at steps 100, 200, 300; at 2e-2, 36 % at step 200).
      return { ...base(id, 300, 40, 32, 2e-2), runs: [{ name: 'model', corpus: `lesson-in-context-${lang}`, tasks: `lesson-in-context-tasks-${lang}` }], evalSteps: evenSteps(300, 3), shots: [0, 1, 2, 4, 8], itemsPerTask: 3, induction: true };
    case 'chain-of-thought': {
      // The tiny preset's width with a context that holds the longest worked line (a count of 9: 2 + 17 characters
      // and the harness's slack), the in-context lesson's high learning rate and half its batch (8 rows halve the
      // time of a step on a CPU). Measured on SwiftShader, 200 steps: the worked model writes 72–98 % of the held-out
      // worked lines right (English seeds 1, 2, 3, 1337; Chinese 1337, 1), the direct model 0 % of the answers.
      const b = base(id, 200, 24, 32, 2e-2);
      return {
        ...b,
        train: { ...b.train, batchSize: 8 },
        runs: [
          { name: 'direct', corpus: `lesson-cot-direct-${lang}`, tasks: `lesson-cot-direct-tasks-${lang}` },
          { name: 'cot', corpus: `lesson-cot-steps-${lang}`, tasks: `lesson-cot-steps-tasks-${lang}` },
        ],
        evalSteps: evenSteps(200, 4),
        shots: [0],
        itemsPerTask: 40,
        samples: true,
      };
    }
    case 'gpt1-heads':
      return {
        ...base(id, 300, 64),
        runs: [{ name: 'pretrained', corpus: lang === 'en' ? 'tinystories-en' : 'stories-zh', tasks: '' }],
        evalSteps: [],
        shots: [],
        itemsPerTask: 0,
        heads: { tasks: `lesson-gpt1-classification-${lang}`, lambdas: [0.5, 0], steps: 150, evalEvery: 25, batchSize: 16, lr: 1e-3 },
      };
  }
}
