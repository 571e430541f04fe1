// CPU reference of the GPT-1 task loss (taskloss.wgsl), float64: softmax cross-entropy over class logits that are
// sums of head values. Used by taskloss.test.ts.

import type { TaskExampleTerms } from './taskloss';

export interface TaskLossRef {
  /** Mean over the examples of −log softmax(z_e)[y_e]. */
  loss: number;
  /** Share of examples whose first maximal class is the label. */
  accuracy: number;
  /** (Nv) d loss / d values: (softmax(z_e)[c] − [c == y_e]) / E at each index listed under (e, c), 0 elsewhere. */
  dvalues: Float64Array;
  /** Class logits z_e per example. */
  logits: number[][];
}

/** The loss, accuracy and gradient for `examples` (as packTaskTerms takes them) over `values` (Nv). */
export function taskLossRef(values: ArrayLike<number>, examples: readonly TaskExampleTerms[]): TaskLossRef {
  const dvalues = new Float64Array(values.length);
  const E = examples.length;
  let loss = 0, accuracy = 0;
  const logits = examples.map((ex) => {
    const z = ex.classes.map((list) => list.reduce((a, i) => a + values[i], 0));
    let best = 0;
    z.forEach((zc, c) => { if (zc > z[best]) best = c; });
    const zmax = z[best];
    const sum = z.reduce((a, zc) => a + Math.exp(zc - zmax), 0);
    loss += (Math.log(sum) - (z[ex.label] - zmax)) / E;
    accuracy += (best === ex.label ? 1 : 0) / E;
    ex.classes.forEach((list, c) => {
      const g = (Math.exp(z[c] - zmax) / sum - (c === ex.label ? 1 : 0)) / E;
      for (const i of list) dvalues[i] = g;
    });
    return z;
  });
  return { loss, accuracy, dvalues, logits };
}
