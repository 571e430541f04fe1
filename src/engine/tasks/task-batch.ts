// Packing task examples into a batch of B sequences (rows of T tokens, padded on the right): whole examples only,
// so the softmax over an example's classes sees all its sequences. The head reads each sequence's EXTRACT row;
// class logit z[e][c] = Σ of the head values listed in classes[c]:
//   classification, entailment: one sequence, z[c] = values[row, c]           (head outputs K = classes)
//   similarity: two sequences,  z[c] = values[row₁, c] + values[row₂, c]      (= the head on the sum of the states)
//   multiple choice: n sequences, z[k] = values[row_k, 0]                      (K = 1; softmax across the choices)
// The LM targets of every sequence (position t predicts token t+1, t+1 < length) carry weight λ / (real targets in
// the batch), so the LM head's weighted sum is λ·L1. Tested by task-batch.test.ts.

import type { TaskExampleTerms } from '../../kernels/taskloss/taskloss';
import type { TaskKind } from './task-records';
import type { TaskExample } from './transforms';
import { takeFitting } from '../data/take-fitting';

/** An example as the task-loss kernel takes it: per class, the flat (row·K + k) indices of the values summed. */
export type TaskTerms = TaskExampleTerms;

export interface TaskBatch {
  inputs: Uint32Array; // (B,T)
  targets: Uint32Array; // (B,T)
  /** λ / lmTargets on each real target, 0 elsewhere: Σ weights·losses = λ·L1 (setBatch(..., normalized = true)). */
  weights: Float32Array; // (B,T)
  /** Row (b·T + position) of each used sequence's EXTRACT token, then distinct filler rows (b·T) for unused rows. */
  rows: Uint32Array; // (B)
  examples: TaskTerms[];
  /** Rows holding a sequence. */
  sequences: number;
  /** Real LM targets in the batch (the L1 mean's denominator). */
  lmTargets: number;
}

/** Packs `examples` (Σ sequences <= B) into one batch; `K` is the head's outputs per row. */
export function packTaskBatch(examples: readonly TaskExample[], kind: TaskKind, K: number, B: number, T: number, lambda: number): TaskBatch {
  const inputs = new Uint32Array(B * T);
  const targets = new Uint32Array(B * T);
  const real = new Uint8Array(B * T);
  const rows = new Uint32Array(B);
  const terms: TaskTerms[] = [];
  let b = 0;
  let lmTargets = 0;
  for (const ex of examples) {
    if (b + ex.seqs.length > B) throw new Error(`packTaskBatch: examples of ${b + ex.seqs.length} sequences exceed B=${B}`);
    const used: number[] = [];
    for (const s of ex.seqs) {
      if (s.length > T || s.length < 2) throw new Error(`packTaskBatch: a sequence of ${s.length} tokens does not fit T=${T}`);
      inputs.set(s, b * T);
      targets.set(s.subarray(1), b * T);
      real.fill(1, b * T, b * T + s.length - 1);
      lmTargets += s.length - 1;
      rows[b] = b * T + s.length - 1;
      used.push(b++);
    }
    const classes = kind === 'multiple_choice' ? used.map((r) => [r * K]) : Array.from({ length: K }, (_, c) => used.map((r) => r * K + c));
    terms.push({ classes, label: ex.label });
  }
  const sequences = b;
  for (; b < B; b++) rows[b] = b * T; // unused rows: read, but in no example, so their gradient is 0
  const weights = new Float32Array(B * T);
  const w = lmTargets > 0 ? lambda / lmTargets : 0;
  for (let i = 0; i < B * T; i++) weights[i] = real[i] * w;
  return { inputs, targets, weights, rows, examples: terms, sequences, lmTargets };
}

/** Examples for one training batch: whole examples in `next()` order, as many as fit B rows. */
export const takeTaskExamples = takeFitting<TaskExample>;

/** Consecutive slices of `examples` that each fit B rows (for evaluation, in order). */
export function chunkTaskExamples<E extends TaskExample>(examples: readonly E[], B: number): E[][] {
  const out: E[][] = [];
  let cur: E[] = [];
  let used = 0;
  for (const ex of examples) {
    if (used + ex.seqs.length > B) {
      out.push(cur);
      cur = [];
      used = 0;
    }
    cur.push(ex);
    used += ex.seqs.length;
  }
  if (cur.length) out.push(cur);
  return out;
}
