// k-shot prompt assembly (GPT-3's in-context learning: demonstrations in the prompt, no gradient update).
// The prompt for item x of task t with k demonstrations d1..dk:
//   [description + "\n"]  +  fill(template, d1.input) + d1.target + "\n"  + ... +  fill(template, x.input)
// Demonstrations come from a pool (the task's own items, or a --demos file), never the test item itself nor any
// item with the same input. They are a seeded shuffle of that pool, seeded by the seed and the item's input: the
// same seed gives the same prompt, and the k-shot demonstrations are the first k of the (k+1)-shot ones, so
// accuracies at different k differ by the added examples only. Tested by prompts.test.ts.

import { Rng } from '../../rng';
import { INPUT_SLOT, type Task, type TaskItem } from './task-file';

/** What a demonstration needs: an input and its answer. */
export type Demo = Pick<TaskItem, 'input' | 'target'>;

/** The template with the input in place of `{input}` (taken literally: `$&` in an input stays `$&`). */
export function fillTemplate(template: string, input: string): string {
  const at = template.indexOf(INPUT_SLOT);
  if (at < 0) throw new Error(`template ${JSON.stringify(template)} has no ${INPUT_SLOT}`);
  return template.slice(0, at) + input + template.slice(at + INPUT_SLOT.length);
}

/** FNV-1a of a string's UTF-16 units: mixes the item into the seed so that every item gets its own draw. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The pool's items that may demonstrate `item`: those with a different input (so never the item itself). */
export function demoCandidates<D extends Demo>(item: Demo, pool: readonly D[]): D[] {
  return pool.filter((d) => d.input !== item.input);
}

/**
 * `k` demonstrations for `item`, drawn without replacement from the candidates by a partial Fisher–Yates shuffle
 * seeded by (seed, item.input): draw i depends only on the draws before it, so the result for k is a prefix of
 * the result for k + 1. Throws when the pool has fewer than k candidates.
 */
export function drawDemos<D extends Demo>(item: TaskItem, k: number, pool: readonly D[], seed: number, taskName: string): D[] {
  if (!Number.isInteger(k) || k < 0) throw new Error(`shots must be a non-negative integer (got ${k})`);
  if (k === 0) return [];
  const candidates = demoCandidates(item, pool);
  if (candidates.length < k) {
    throw new Error(
      `task "${taskName}", ${k} shots: ${item.at} needs ${k} demonstrations with another input, but the pool has only ${candidates.length}; ` +
        `add items to the task (or to --demos) or ask for fewer shots`,
    );
  }
  const rng = new Rng(Math.imul(seed >>> 0, 0x9e3779b1) ^ hashText(item.input));
  const idx = candidates.map((_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(idx.length - i);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, k).map((i) => candidates[i]);
}

/** The exact prompt text for `item` with `k` demonstrations drawn from `demos` (see the header). */
export function buildPrompt(task: Pick<Task, 'name' | 'description' | 'template'>, item: TaskItem, k: number, demos: readonly Demo[], seed: number): string {
  const head = task.description !== undefined ? `${task.description}\n` : '';
  const shots = drawDemos(item, k, demos, seed, task.name).map((d) => `${fillTemplate(task.template, d.input)}${d.target}\n`);
  return head + shots.join('') + fillTemplate(task.template, item.input);
}
