// Launcher, buffers and host-side packing of the GPT-1 task loss (taskloss.wgsl): softmax cross-entropy over
// class logits that are sums of head values, listed per (example, class) as CSR term lists.
// Tested by taskloss.test.ts against taskloss.ref.ts.

import { treeReduce } from '../reduce/tree-reduce';
import type { Dispatch, GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import source from './taskloss.wgsl?raw';

const code = `${source}\n${treeReduce({ fn: 'workgroup_sum', type: 'vec2<f32>', combine: '+' })}`;

/** Most classes one example may have (each invocation keeps an example's logits in a private array this long). */
export const MAX_TASK_CLASSES = 64;

/** Capacities of the per-step term lists (the buffers are allocated once at these sizes). */
export interface TaskLossLimits {
  /** Most examples per step (E). */
  maxExamples: number;
  /** Most classes per step, summed over the examples. */
  maxClasses: number;
  /** Most value indices per step, summed over every class of every example. */
  maxTerms: number;
}

export interface TaskLossTensors {
  terms: Tensor; // (maxTerms) u32 value indices, all < Nv
  classStarts: Tensor; // (maxClasses + 1) u32: class j's terms are terms[classStarts[j] .. classStarts[j+1])
  exampleStarts: Tensor; // (maxExamples + 1) u32: example e's classes are slots [exampleStarts[e] .. exampleStarts[e+1])
  labels: Tensor; // (maxExamples) u32: y_e, local class index
  count: Tensor; // (1) u32: E this step
}

/** One example: classes[c] lists the value indices whose sum is class c's logit; label is the right class. */
export interface TaskExampleTerms {
  classes: number[][];
  label: number;
}

/** The host arrays that `writeTaskTerms` uploads, one per TaskLossTensors field, at the limits' lengths. */
export interface PackedTaskTerms {
  terms: Uint32Array;
  classStarts: Uint32Array;
  exampleStarts: Uint32Array;
  labels: Uint32Array;
  count: Uint32Array;
}

function checkLimits(k: string, limits: TaskLossLimits): void {
  for (const [name, v] of Object.entries(limits)) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${k}: limits.${name} must be a positive integer (got ${v})`);
  }
}

/** The five step buffers at the limits' sizes (labels `taskloss.*`). */
export function allocTaskLossTensors(ctx: GpuContext, limits: TaskLossLimits): TaskLossTensors {
  checkLimits('allocTaskLossTensors', limits);
  return {
    terms: ctx.tensor('taskloss.terms', [limits.maxTerms], 'u32'),
    classStarts: ctx.tensor('taskloss.classStarts', [limits.maxClasses + 1], 'u32'),
    exampleStarts: ctx.tensor('taskloss.exampleStarts', [limits.maxExamples + 1], 'u32'),
    labels: ctx.tensor('taskloss.labels', [limits.maxExamples], 'u32'),
    count: ctx.tensor('taskloss.count', [1], 'u32'),
  };
}

function checkTensors(k: string, t: TaskLossTensors, limits: TaskLossLimits): void {
  expectLength(k, 'terms', t.terms, limits.maxTerms);
  expectLength(k, 'classStarts', t.classStarts, limits.maxClasses + 1);
  expectLength(k, 'exampleStarts', t.exampleStarts, limits.maxExamples + 1);
  expectLength(k, 'labels', t.labels, limits.maxExamples);
  expectLength(k, 'count', t.count, 1);
  for (const [name, x] of Object.entries(t) as Array<[string, Tensor]>) {
    if (x.dtype !== 'u32') throw new Error(`${k}: ${name} (${x.label}) must be u32, not ${x.dtype}`);
  }
}

/**
 * out[outIndex] = loss, out[outIndex+1] = accuracy (means over the E examples that `t.count` names); dvalues (Nv)
 * OVERWRITTEN with d loss / d values. The term lists in `t` are written per step by `writeTaskTerms` (validated
 * by `packTaskTerms`).
 */
export function taskLoss(ctx: GpuContext, out: Tensor, outIndex: number, dvalues: Tensor, values: Tensor, t: TaskLossTensors, Nv: number, limits: TaskLossLimits): Dispatch[] {
  const k = 'taskLoss';
  if (!Number.isInteger(Nv) || Nv < 2) throw new Error(`${k}: Nv must be an integer >= 2 (got ${Nv})`);
  checkLimits(k, limits);
  if (!Number.isInteger(outIndex) || outIndex < 0 || outIndex + 2 > out.length) throw new Error(`${k}: elements ${outIndex}..${outIndex + 1} are outside out (${out.label}, ${out.length} elements)`);
  expectLength(k, 'dvalues', dvalues, Nv);
  expectLength(k, 'values', values, Nv);
  checkTensors(k, t, limits);
  const params = ctx.uniform('taskloss.params', [['u32', Nv], ['u32', outIndex], ['u32', limits.maxExamples]]);
  const bindings = [out, dvalues, values, t.terms, t.classStarts, t.exampleStarts, t.labels, t.count, params];
  return [ctx.dispatch({ name: 'task_loss', code, constants: { WG: 64 } }, bindings, [1])];
}

/**
 * Validates one step's examples and packs them into the arrays the kernel reads: 1..maxExamples examples, each
 * with 2..MAX_TASK_CLASSES classes of at least one value index, a label among them, every index an integer < Nv
 * listed once in the whole step, and at most maxClasses classes and maxTerms indices in all. Unused tails are
 * padded (starts repeat their last value) so the buffers can be written whole.
 */
export function packTaskTerms(examples: readonly TaskExampleTerms[], Nv: number, limits: TaskLossLimits): PackedTaskTerms {
  const k = 'packTaskTerms';
  checkLimits(k, limits);
  const E = examples.length;
  if (E < 1 || E > limits.maxExamples) throw new Error(`${k}: ${E} examples this step, expected 1..${limits.maxExamples} (limits.maxExamples)`);
  const terms = new Uint32Array(limits.maxTerms);
  const classStarts = new Uint32Array(limits.maxClasses + 1);
  const exampleStarts = new Uint32Array(limits.maxExamples + 1);
  const labels = new Uint32Array(limits.maxExamples);
  const seen = new Map<number, string>();
  let nClasses = 0;
  let nTerms = 0;
  examples.forEach((ex, e) => {
    const n = ex.classes.length;
    if (n < 2 || n > MAX_TASK_CLASSES) throw new Error(`${k}: example ${e} has ${n} classes, expected 2..${MAX_TASK_CLASSES}`);
    if (!Number.isInteger(ex.label) || ex.label < 0 || ex.label >= n) throw new Error(`${k}: example ${e} has label ${ex.label}, expected an integer in 0..${n - 1} (its ${n} classes)`);
    if (nClasses + n > limits.maxClasses) throw new Error(`${k}: the examples up to ${e} hold ${nClasses + n} classes, more than limits.maxClasses = ${limits.maxClasses}; raise the limit or pass fewer examples`);
    exampleStarts[e] = nClasses;
    labels[e] = ex.label;
    ex.classes.forEach((list, c) => {
      const where = `example ${e} class ${c}`;
      if (list.length < 1) throw new Error(`${k}: ${where} lists no value index; every class logit needs at least one`);
      if (nTerms + list.length > limits.maxTerms) throw new Error(`${k}: ${where} brings the value indices to ${nTerms + list.length}, more than limits.maxTerms = ${limits.maxTerms}; raise the limit or pass fewer examples`);
      classStarts[nClasses] = nTerms;
      for (const i of list) {
        if (!Number.isInteger(i) || i < 0 || i >= Nv) throw new Error(`${k}: ${where} lists value index ${i}, expected an integer in 0..${Nv - 1} (Nv = ${Nv})`);
        const before = seen.get(i);
        if (before !== undefined) throw new Error(`${k}: value index ${i} is listed by ${before} and again by ${where}; each head value may feed one class logit only`);
        seen.set(i, where);
        terms[nTerms++] = i;
      }
      nClasses++;
    });
  });
  classStarts.fill(nTerms, nClasses);
  exampleStarts.fill(nClasses, E);
  return { terms, classStarts, exampleStarts, labels, count: Uint32Array.of(E) };
}

/** Uploads one step's packed term lists (from `packTaskTerms` with the same limits) into `t`. */
export function writeTaskTerms(ctx: GpuContext, t: TaskLossTensors, packed: PackedTaskTerms): void {
  for (const name of ['terms', 'classStarts', 'exampleStarts', 'labels', 'count'] as const) {
    if (packed[name].length !== t[name].length) throw new Error(`writeTaskTerms: ${name} holds ${packed[name].length} elements but ${t[name].label} has ${t[name].length}; pack with the limits the tensors were allocated with`);
  }
  for (const name of ['terms', 'classStarts', 'exampleStarts', 'labels', 'count'] as const) ctx.write(t[name], packed[name]);
}
