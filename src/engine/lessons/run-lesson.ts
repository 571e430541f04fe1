// Runs one lesson's recipe (lesson-spec.ts) on a GPU context: each run pretrains a model from scratch on its
// bundled corpus and, at the recipe's steps, asks it the lesson's held-out questions with 0…k in-context examples
// (the evaluation harness: no gradient update); the in-context lesson also scores every attention head as an
// induction head, the chain-of-thought lesson shows what each model wrote for one question per task, and the GPT-1
// lesson then fine-tunes a task head once per λ. Everything it measures is reported as events, so the lab
// (worker), the command line (`npm run lesson`) and the CI learning tests share this code.
// Call sites load the data (`load`: fetch in the browser, the file system in Node).
// Tested by in-context.test.ts, gpt1-heads.test.ts and chain-of-thought.test.ts (learning tests on the Node WebGPU
// adapter) and, for every lesson, in the browser by e2e/lessons.e2e.mjs.

import type { GpuContext } from '../../kernels/runtime/context';
import { splitCorpus } from '../data/corpus';
import type { Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import { evaluateTasks, type ShotResult } from '../eval/harness/evaluate';
import { buildPrompt } from '../eval/harness/prompts';
import { parseTaskFile, type TaskSet } from '../eval/harness/task-file';
import { ProbeRunner, knownText } from '../probes/probe-runner';
import { Trainer } from '../train/trainer';
import { answerSamples, type AnswerSample } from './answer-samples';
import { inductionScores, type InductionScores } from './induction';
import type { LessonSpec, RunId } from './lesson-spec';
import { runHeads } from './run-heads';

export type LessonEvent =
  /** A run (or its fine-tuning with auxiliary LM weight λ) starts: `label` names its data. */
  | { type: 'phase'; run: RunId; phase: 'pretrain' | 'finetune'; label: string; steps: number; lambda?: number }
  | { type: 'step'; run: RunId; step: number; loss: number }
  /** Harness accuracy of `run` after `step` pretraining steps, per task and number of in-context examples. */
  | { type: 'eval'; run: RunId; step: number; results: ShotResult[] }
  /** GPT-1: held-out task accuracy after `step` fine-tuning steps with auxiliary LM weight λ. */
  | { type: 'heads'; run: RunId; lambda: number; step: number; accuracy: number; n: number; lo: number; hi: number; chance: number }
  /** Induction-head scores per (layer, head) on an in-context prompt, and the best head's attention map. */
  | { type: 'induction'; run: RunId; step: number; scores: InductionScores; tokens: string[]; weights: Float32Array }
  /** What `run` wrote after `step` pretraining steps for the first held-out item of each task (greedy, no example). */
  | { type: 'samples'; run: RunId; step: number; samples: AnswerSample[] };

export interface LessonHooks {
  /** Text of a bundled dataset by id. */
  load: (id: string) => Promise<string>;
  onEvent: (e: LessonEvent) => void;
  /** Checked between steps: true stops the lesson (it resolves with what was measured so far). */
  stopped?: () => boolean;
}

/** The checkpoint of a pretraining run's current parameters (a language model). */
async function snapshot(t: Trainer): Promise<Gpt2Checkpoint> {
  await t.flush();
  return { config: t.cfg, tokenizer: t.tokenizer, architecture: 'GPT2LMHeadModel', flat: await t.model.readParams(), layout: t.model.layout };
}

/** The first `n` items of every task (a fixed evaluation set, the same at every step). */
export function firstItems(tasks: TaskSet, n: number): TaskSet {
  return { ...tasks, tasks: tasks.tasks.map((t) => ({ ...t, items: t.items.slice(0, n) })) };
}

export async function runLesson(ctx: GpuContext, spec: LessonSpec, hooks: LessonHooks): Promise<void> {
  const stopped = hooks.stopped ?? (() => false);
  for (const run of spec.runs) {
    if (stopped()) return;
    const text = await hooks.load(run.corpus);
    const trainer = new Trainer(ctx, { model: spec.model, train: spec.train, corpus: splitCorpus(text, spec.model.blockSize), maxInFlight: 2 });
    try {
      const all = run.tasks ? parseTaskFile(await hooks.load(run.tasks), run.tasks) : undefined;
      const tasks = all && firstItems(all, spec.itemsPerTask);
      const evaluate = async (step: number) => {
        if (!tasks || !all) return;
        const results = await evaluateTasks(ctx, await snapshot(trainer), tasks, { shots: spec.shots, seed: spec.train.seed, demos: all });
        hooks.onEvent({ type: 'eval', run: run.name, step, results });
      };
      hooks.onEvent({ type: 'phase', run: run.name, phase: 'pretrain', label: run.corpus, steps: spec.train.steps });
      trainer.onStep = (m) => hooks.onEvent({ type: 'step', run: run.name, step: m.step, loss: m.loss });
      if (spec.evalSteps.includes(0)) await evaluate(0);
      while (trainer.stepsTaken < spec.train.steps && !stopped()) {
        await trainer.step();
        if (spec.evalSteps.includes(trainer.stepsTaken)) await evaluate(trainer.stepsTaken);
      }
      await trainer.flush();
      trainer.throwIfDiverged();
      if (stopped()) return;
      if (spec.samples && tasks) hooks.onEvent({ type: 'samples', run: run.name, step: trainer.stepsTaken, samples: await answerSamples(ctx, await snapshot(trainer), tasks, spec.train.seed) });
      if (spec.induction && all) hooks.onEvent({ type: 'induction', run: run.name, step: trainer.stepsTaken, ...(await induction(trainer, all, spec.train.seed)) });
      if (spec.heads) await runHeads(ctx, await snapshot(trainer), spec.heads, spec.train.seed, run.name, hooks);
    } finally {
      trainer.destroy();
    }
  }
}

/** Induction scores on an 8-shot prompt of the first task (as many shots as the context holds). */
async function induction(trainer: Trainer, tasks: TaskSet, seed: number): Promise<{ scores: InductionScores; tokens: string[]; weights: Float32Array }> {
  const T = trainer.cfg.blockSize;
  const task = tasks.tasks[0];
  let text = '';
  for (let k = 8; k >= 0; k--) {
    text = buildPrompt(task, task.items[0], k, task.items, seed) + task.items[0].target;
    if (Array.from(text).length <= T) break;
  }
  const probe = new ProbeRunner(trainer.model, trainer.tokenizer);
  try {
    const { attention: a } = await probe.run(text, trainer.stepsTaken);
    const ids = trainer.tokenizer.encode(knownText(trainer.tokenizer, text)).slice(0, T);
    const scores = inductionScores(a.weights, ids, a.L, a.NH, a.T);
    const { layer, head } = scores.best;
    const size = a.T * a.T;
    const weights = a.weights.slice((layer * a.NH + head) * size, (layer * a.NH + head + 1) * size);
    return { scores, tokens: a.tokens, weights };
  } finally {
    probe.destroy();
  }
}
