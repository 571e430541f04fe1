// From a task head's values to each example's class logits, probabilities and prediction, and the held-out
// figures: accuracy and task loss (mean −log p(label)), computed on the host in f64 after a forward pass.
// Tested by task-batch.test.ts (and through task-heads.test.ts).

import type { TaskTerms } from './task-batch';

export interface TaskPrediction {
  /** Index of the most probable class (first on ties). */
  predicted: number;
  /** The right class, or -1 when unknown. */
  label: number;
  /** Class logits z and their softmax. */
  logits: number[];
  probs: number[];
}

/** z[c] = Σ values[i] over classes[c], then a stable softmax. */
export function predictTerms(values: ArrayLike<number>, ex: TaskTerms): TaskPrediction {
  const z = ex.classes.map((idx) => idx.reduce((a, i) => a + values[i], 0));
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  const probs = e.map((v) => v / sum);
  return { predicted: z.indexOf(max), label: ex.label, logits: z, probs };
}

/** Accuracy and mean −log p(label) over predictions with a known label (NaN when there are none). */
export function taskFigures(predictions: readonly TaskPrediction[]): { accuracy: number; loss: number; n: number } {
  const known = predictions.filter((p) => p.label >= 0);
  const n = known.length;
  if (n === 0) return { accuracy: NaN, loss: NaN, n };
  const right = known.filter((p) => p.predicted === p.label).length;
  const nll = (p: TaskPrediction) => {
    const max = Math.max(...p.logits);
    return max + Math.log(p.logits.reduce((a, z) => a + Math.exp(z - max), 0)) - p.logits[p.label];
  };
  const loss = known.reduce((a, p) => a + nll(p), 0) / n;
  return { accuracy: right / n, loss, n };
}
