// The evaluation harness: asks a language-model checkpoint the held-out items of each task with k = 0, 1, 2, …
// demonstrations in the prompt (no gradient update) and reports, per (task, k), how many it got right with a 95%
// Wilson interval. Exact-match tasks: the greedy answer, trimmed, equals the trimmed target. Choice tasks: the
// choice with the highest log-likelihood after the prompt (ties: the first) is the target. Everything is planned
// and checked before the GPU is touched (plan.ts); one inference model of the shape the plan needs does all the
// scoring and is freed at the end. Runs the same in the browser worker and in Node. Tested by evaluate.test.ts.

import type { GpuContext } from '../../../kernels/runtime/context';
import type { Gpt2Checkpoint } from '../../checkpoint/gpt2-checkpoint';
import { GPT } from '../../model/gpt';
import { wilsonInterval } from './interval';
import { planEvaluation, type PlannedRun, type PlanOptions } from './plan';
import { choiceLogProbs, greedyAnswers, type ChoiceSequence } from './score';
import type { TaskMode, TaskSet } from './task-file';

export interface ShotResult {
  task: string;
  shots: number;
  n: number;
  correct: number;
  accuracy: number;
  /** 95% Wilson score interval of the accuracy. */
  lo: number;
  hi: number;
  mode: TaskMode;
}

export interface EvaluateOptions extends PlanOptions {
  /** Sequences per forward pass (default 16). */
  batch?: number;
  /** After each batch: test items scored so far, of `total` over all (task, k). */
  onItem?: (done: number, total: number) => void;
  /** Each (task, k) as soon as it is scored. */
  onResult?: (r: ShotResult) => void;
}

/** Sequences per forward pass by default: enough to fill a small GPU's dispatches, little padding on tiny sets. */
export const DEFAULT_EVAL_BATCH = 16;

export async function evaluateTasks(ctx: GpuContext, ckpt: Gpt2Checkpoint, tasks: TaskSet, opts: EvaluateOptions): Promise<ShotResult[]> {
  if (ckpt.architecture !== 'GPT2LMHeadModel') throw new Error(`the evaluation harness needs a language model (GPT2LMHeadModel), not a ${ckpt.architecture}`);
  const batch = opts.batch ?? DEFAULT_EVAL_BATCH;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batch must be a positive integer (got ${batch})`);
  const plan = planEvaluation(ckpt.tokenizer, ckpt.config.blockSize, tasks, opts);
  const rows = Math.min(batch, Math.max(...plan.runs.map((r) => (r.task.mode === 'choice' ? r.items.reduce((n, p) => n + p.answerIds.length, 0) : r.items.length))));
  const model = new GPT(ctx, ckpt.config, rows, plan.T, { training: false });
  const results: ShotResult[] = [];
  try {
    model.loadParams(ckpt.flat);
    let done = 0;
    for (const run of plan.runs) {
      const progress = (n: number) => opts.onItem?.(done + n, plan.items);
      const correct = run.task.mode === 'choice' ? await scoreChoices(model, run, progress) : await scoreExact(model, ckpt, run, progress);
      done += run.items.length;
      const n = run.items.length;
      const r: ShotResult = { task: run.task.name, shots: run.shots, n, correct, accuracy: correct / n, ...wilsonInterval(correct, n), mode: run.task.mode };
      results.push(r);
      opts.onResult?.(r);
    }
  } finally {
    model.destroy();
  }
  return results;
}

async function scoreExact(model: GPT, ckpt: Gpt2Checkpoint, run: PlannedRun, progress: (items: number) => void): Promise<number> {
  const answers = await greedyAnswers(model, ckpt.tokenizer, run.items.map((p) => p.prompt), run.cap, progress);
  return run.items.filter((p, i) => answers[i].trim() === p.item.target.trim()).length;
}

async function scoreChoices(model: GPT, run: PlannedRun, progress: (items: number) => void): Promise<number> {
  const seqs: ChoiceSequence[] = [];
  const owner: number[] = []; // item index of each sequence
  run.items.forEach((p, i) => p.answerIds.forEach((choice) => {
    seqs.push({ prompt: p.promptIds, choice });
    owner.push(i);
  }));
  const scores = await choiceLogProbs(model, seqs, (n) => progress(n === seqs.length ? run.items.length : owner[n]));
  let correct = 0;
  let at = 0;
  for (const p of run.items) {
    const choices = p.item.choices!;
    let best = 0;
    for (let c = 1; c < choices.length; c++) if (scores[at + c] > scores[at + best]) best = c;
    if (choices[best] === p.item.target) correct++;
    at += choices.length;
  }
  return correct;
}
