// Everything an evaluation will ask the model, worked out and checked on the CPU before any GPU work: every
// character in the checkpoint's vocabulary (the first bad line named with its characters), enough demonstrations
// for each k, and every prompt with its answer inside the context — else which task and k, how long, and the
// most shots that fit every item. Also the model shape the scoring needs (rows of the longest sequence only).
// Tested by plan.test.ts.

import { describeChar, type CharTokenizer } from '../../data/tokenizer';
import { buildPrompt, fillTemplate, type Demo } from './prompts';
import type { Task, TaskItem, TaskSet } from './task-file';

/** Greedy answers may run this many tokens past the task's longest target: room for a space and the newline that
 *  ends the answer. Longer, an answer could not equal its target anyway (it is compared up to the newline, trimmed),
 *  and every extra token is a forward pass for every prompt still running. */
export const EXACT_SLACK = 2;

export interface PlanOptions {
  /** Shot counts k to evaluate, each >= 0. */
  shots: readonly number[];
  seed: number;
  /** Demonstrations from another file (its task of the same name, or its only task) instead of the task itself. */
  demos?: TaskSet;
  /** Test at most this many items per task (the first ones); demonstrations still come from all. */
  limit?: number;
}

export interface PlannedItem {
  item: TaskItem;
  prompt: string;
  promptIds: Uint32Array;
  /** Exact: [target]; choice: every choice, in order. */
  answerIds: Uint32Array[];
}

/** One (task, k) to score. */
export interface PlannedRun {
  task: Task;
  shots: number;
  items: PlannedItem[];
  /** Exact match: most tokens a greedy answer may take (the task's longest target + EXACT_SLACK). */
  cap: number;
}

export interface EvaluationPlan {
  runs: PlannedRun[];
  /** Test items over all runs (for progress). */
  items: number;
  /** Time length of the scoring model: the longest sequence any run needs, at most the context. */
  T: number;
}

export function planEvaluation(tokenizer: CharTokenizer, context: number, tasks: TaskSet, opts: PlanOptions): EvaluationPlan {
  if (opts.shots.length === 0) throw new Error('no shot counts to evaluate (give at least one, e.g. 0)');
  for (const k of opts.shots) if (!Number.isInteger(k) || k < 0) throw new Error(`shot counts must be non-negative integers (got ${k})`);
  if (opts.limit !== undefined && !(Number.isInteger(opts.limit) && opts.limit >= 1)) throw new Error(`limit must be a positive integer (got ${opts.limit})`);
  checkVocabulary(tokenizer, tasks);
  if (opts.demos) checkVocabulary(tokenizer, opts.demos);
  const newline = tasks.tasks.some((t) => t.description !== undefined) || opts.shots.some((k) => k > 0);
  if (newline && tokenizer.unknownChars('\n').length) {
    throw new Error(
      "the prompts end the description and each demonstration with a newline, but the checkpoint's vocabulary has none; " +
        'evaluate 0 shots of tasks without a description, or use a model trained on text with newlines',
    );
  }
  const runs: PlannedRun[] = [];
  let T = 1;
  for (const task of tasks.tasks) {
    const pool = demoPool(task, opts.demos);
    const tested = task.items.slice(0, opts.limit ?? task.items.length);
    const cap = Math.max(...task.items.map((i) => tokenizer.encode(i.target).length)) + EXACT_SLACK;
    for (const k of opts.shots) {
      const items = tested.map((item) => planItem(tokenizer, task, item, k, pool, opts.seed));
      const worst = longest(items);
      if (worst.need > context) throw new Error(tooLong(tokenizer, context, task, tested, k, pool, opts.seed, worst));
      for (const p of items) {
        // Exact: the greedy window holds the prompt and the answer so far; choice: prompt + choice − 1 inputs.
        const need = task.mode === 'exact' ? p.promptIds.length + cap : p.promptIds.length + Math.max(...p.answerIds.map((a) => a.length)) - 1;
        T = Math.max(T, Math.min(context, need));
      }
      runs.push({ task, shots: k, items, cap });
    }
  }
  return { runs, items: runs.reduce((n, r) => n + r.items.length, 0), T };
}

/** Where task `task`'s demonstrations come from. */
function demoPool(task: Task, demos: TaskSet | undefined): readonly Demo[] {
  if (!demos) return task.items;
  const same = demos.tasks.find((t) => t.name === task.name);
  if (same) return same.items;
  if (demos.tasks.length === 1) return demos.tasks[0].items;
  throw new Error(`${demos.source} has no task "${task.name}" to draw its demonstrations from (its tasks: ${demos.tasks.map((t) => `"${t.name}"`).join(', ')})`);
}

function planItem(tokenizer: CharTokenizer, task: Task, item: TaskItem, k: number, pool: readonly Demo[], seed: number): PlannedItem {
  const prompt = buildPrompt(task, item, k, pool, seed);
  const answers = item.choices ?? [item.target];
  return { item, prompt, promptIds: tokenizer.encode(prompt), answerIds: answers.map((a) => tokenizer.encode(a)) };
}

interface Need {
  /** Prompt plus its longest answer, in tokens. */
  need: number;
  prompt: number;
  answer: number;
  at: string;
}

function longest(items: readonly PlannedItem[]): Need {
  let worst: Need = { need: 0, prompt: 0, answer: 0, at: '' };
  for (const p of items) {
    const answer = Math.max(...p.answerIds.map((a) => a.length));
    const need = p.promptIds.length + answer;
    if (need > worst.need) worst = { need, prompt: p.promptIds.length, answer, at: p.item.at };
  }
  return worst;
}

/** The message for a (task, k) whose prompts overflow the context, with the most shots that fit every item. */
function tooLong(tokenizer: CharTokenizer, context: number, task: Task, tested: readonly TaskItem[], k: number, pool: readonly Demo[], seed: number, worst: Need): string {
  let fit = -1;
  // Demonstrations for k − 1 are a prefix of those for k, so prompts only grow with k: stop at the first misfit.
  for (let j = 0; j < k; j++) {
    if (longest(tested.map((item) => planItem(tokenizer, task, item, j, pool, seed))).need > context) break;
    fit = j;
  }
  const head =
    `task "${task.name}", ${k} shot${k === 1 ? '' : 's'}: the prompt for ${worst.at} is ${worst.prompt} tokens and its ` +
    `${task.mode === 'choice' ? 'longest choice' : 'target'} ${worst.answer} more, ${worst.need} in all, over the model's context of ${context} tokens`;
  if (fit < 0) return `${head}; not even 0 shots fit: shorten the inputs (or the template and description) or use a model with a longer context`;
  if (fit === 0) return `${head}; only 0 shots fit every item of this task: evaluate it at 0 shots, or use a model with a longer context`;
  return `${head}; at most ${fit} shot${fit === 1 ? '' : 's'} fit every item of this task (with this seed): ask for ${fit} or fewer`;
}

/** Throws naming the first line with characters outside the vocabulary, those characters, and how many more lines. */
function checkVocabulary(tokenizer: CharTokenizer, set: TaskSet): void {
  const bad: Array<{ at: string; chars: string[] }> = [];
  const all = new Set<string>();
  const check = (at: string | undefined, texts: ReadonlyArray<string | undefined>) => {
    const chars = tokenizer.unknownChars(texts.filter((t) => t !== undefined).join(''));
    if (chars.length === 0) return;
    bad.push({ at: at ?? set.source, chars });
    chars.forEach((c) => all.add(c));
  };
  for (const task of set.tasks) {
    check(task.headerAt, [task.description, fillTemplate(task.template, '')]);
    for (const item of task.items) check(item.at, [item.input, item.target, ...(item.choices ?? [])]);
  }
  if (bad.length === 0) return;
  bad.sort((a, b) => lineOf(a.at) - lineOf(b.at));
  const first = bad[0];
  const named = first.chars.slice(0, 12).map(describeChar).join(', ') + (first.chars.length > 12 ? ` and ${first.chars.length - 12} more` : '');
  const more = bad.length > 1 ? `; ${bad.length - 1} more line${bad.length === 2 ? ' has' : 's have'} such characters (${all.size} distinct in all)` : '';
  throw new Error(
    `${first.at}: ${first.chars.length} character${first.chars.length === 1 ? '' : 's'} not in the checkpoint's vocabulary ` +
      `(${tokenizer.chars} characters): ${named}${more}. Write tasks with the characters of the text the model was trained on.`,
  );
}

function lineOf(at: string): number {
  const m = /:(\d+)$/.exec(at);
  return m ? Number(m[1]) : 0;
}
