// taskloss.ts against taskloss.ref.ts on the Node WebGPU adapter, for term lists shaped as GPT-1's tasks use them:
// classification (one head output per class), similarity (both orderings' outputs added), multiple choice (one
// score per choice) — with E = 1, unequal class counts, unused value indices (dvalues must be 0 there), large
// logits, ties, 64 classes and more examples than invocations; then the reference gradient against central
// differences of its loss, the packer's layout and its refusals.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/rng';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { allocTaskLossTensors, MAX_TASK_CLASSES, packTaskTerms, taskLoss, writeTaskTerms, type TaskExampleTerms, type TaskLossLimits } from './taskloss';
import { taskLossRef } from './taskloss.ref';

// Logits are sums of <= 2 f32 values and softmax runs over <= 64 classes in f32: ~1e-6 relative against float64.
const TOL = { atol: 1e-6, rtol: 1e-5 };
// Logits of size ~100: f32 rounds each to ~1e-5 absolute, which moves probabilities by as much.
const TOL_LARGE = { atol: 2e-5, rtol: 1e-4 };

/** Example e reads row rows[e] of a (·, K) head: class c is value rows[e]·K + c, for its n_e classes. */
function classification(rows: number[], K: number, counts: number[], labels: number[]): TaskExampleTerms[] {
  return rows.map((r, e) => ({ classes: Array.from({ length: counts[e] }, (_, c) => [r * K + c]), label: labels[e] }));
}

/** GPT-1 similarity: example e reads rows 2e (A then B) and 2e + 1 (B then A); class c adds both rows' output c. */
function similarity(E: number, K: number, labels: number[]): TaskExampleTerms[] {
  return Array.from({ length: E }, (_, e) => ({ classes: Array.from({ length: K }, (_, c) => [2 * e * K + c, (2 * e + 1) * K + c]), label: labels[e] }));
}

/** Multiple choice with a one-output head: example e's choices are consecutive rows starting at `first[e]`. */
function multipleChoice(first: number[], counts: number[], labels: number[]): TaskExampleTerms[] {
  return first.map((f, e) => ({ classes: Array.from({ length: counts[e] }, (_, c) => [f + c]), label: labels[e] }));
}

function limitsFor(examples: readonly TaskExampleTerms[], spare: number): TaskLossLimits {
  const classes = examples.reduce((a, ex) => a + ex.classes.length, 0);
  const terms = examples.reduce((a, ex) => a + ex.classes.reduce((b, l) => b + l.length, 0), 0);
  return { maxExamples: examples.length + spare, maxClasses: classes + 2 * spare, maxTerms: terms + 3 * spare };
}

interface Case {
  name: string;
  Nv: number;
  examples: TaskExampleTerms[];
  values?: Float32Array;
  scale?: number;
  tol?: { atol: number; rtol: number };
}

const cases: Case[] = [
  { name: 'classification, K = 3, unequal class counts, unused rows', Nv: 7 * 3, examples: classification([6, 0, 3, 4, 1], 3, [3, 2, 3, 3, 2], [2, 1, 0, 1, 0]) },
  { name: 'classification, E = 1', Nv: 3 * 4, examples: classification([1], 4, [4], [3]) },
  { name: 'similarity, K = 3 (two terms per class), one unused row', Nv: 9 * 3, examples: similarity(4, 3, [0, 2, 1, 2]) },
  { name: 'multiple choice, 2..5 choices, unused rows', Nv: 16, examples: multipleChoice([0, 4, 7, 12], [4, 2, 5, 3], [3, 0, 4, 1]) },
  { name: 'multiple choice, 64 choices (MAX_TASK_CLASSES) beside 2', Nv: 70, examples: multipleChoice([1, 66], [64, 2], [37, 1]) },
  {
    name: '150 examples (more than the workgroup), large logits', Nv: 2 * 150 + 2, scale: 60, tol: TOL_LARGE,
    examples: classification(Array.from({ length: 150 }, (_, e) => e + 1), 2, Array(150).fill(2), Array.from({ length: 150 }, (_, e) => e % 2)),
  },
];

async function runGpu(Nv: number, values: Float32Array, examples: TaskExampleTerms[], limits: TaskLossLimits) {
  const ctx = await testCtx();
  const out = ctx.tensorFrom('metrics', [8], new Float32Array(8).fill(-1));
  const dvalues = ctx.tensorFrom('dvalues', [Nv], new Float32Array(Nv).fill(7)); // overwritten
  const tValues = ctx.tensorFrom('values', [Nv], values);
  const t = allocTaskLossTensors(ctx, limits);
  writeTaskTerms(ctx, t, packTaskTerms(examples, Nv, limits));
  await noGpuErrors(ctx, () => ctx.run(taskLoss(ctx, out, 3, dvalues, tValues, t, Nv, limits)));
  const got = await ctx.read(out);
  return { ctx, out, t, tValues, dvaluesTensor: dvalues, metrics: got, dvalues: await ctx.read(dvalues) };
}

describe.sequential('task loss', () => {
  for (const cs of cases) {
    it(`matches the reference: ${cs.name}`, async () => {
      const values = cs.values ?? new Rng(cs.Nv).normals(cs.Nv, cs.scale ?? 1);
      const limits = limitsFor(cs.examples, 3);
      const gpu = await runGpu(cs.Nv, values, cs.examples, limits);
      const want = taskLossRef(values, cs.examples);
      const tol = cs.tol ?? TOL;
      expectClose(gpu.metrics.subarray(3, 5), [want.loss, want.accuracy], tol, 'loss, accuracy');
      expect([gpu.metrics[2], gpu.metrics[5]], 'neighbouring metric slots are untouched').toEqual([-1, -1]);
      expectClose(gpu.dvalues, want.dvalues, tol, 'dvalues');
      const used = new Set(cs.examples.flatMap((ex) => ex.classes.flat()));
      for (let i = 0; i < cs.Nv; i++) if (!used.has(i)) expect(gpu.dvalues[i], `unused dvalues[${i}]`).toBe(0);
      expect(used.size).toBeLessThan(cs.Nv); // every case leaves some index unused
      expect(Number.isFinite(gpu.metrics[3])).toBe(true);
    });
  }

  it('counts a tie as right only when the label is the first maximal class', async () => {
    // Integer logits tie exactly in f32: z = (1, 1, 0) label 1 (class 0 wins: wrong), (0, 2, 2) label 1 (right),
    // (3, 3, 3) label 0 (right), (5, 4, 5) label 0 (right). Taking the last maximal class would give 1/4.
    const values = Float32Array.of(1, 1, 0, 0, 2, 2, 3, 3, 3, 5, 4, 5);
    const examples = classification([0, 1, 2, 3], 3, [3, 3, 3, 3], [1, 1, 0, 0]);
    const want = taskLossRef(values, examples);
    expect(want.accuracy).toBe(0.75);
    const gpu = await runGpu(12, values, examples, limitsFor(examples, 0));
    expect(gpu.metrics[4]).toBe(0.75);
    expectClose(gpu.metrics.subarray(3, 4), [want.loss], TOL, 'loss');
    expectClose(gpu.dvalues, want.dvalues, TOL, 'dvalues');
  });

  it('a later step with fewer examples rewrites every dvalue and the means', async () => {
    const Nv = 12;
    const values = new Rng(3).normals(Nv);
    const first = classification([0, 1, 2, 3], 3, [3, 3, 3, 3], [0, 1, 2, 0]);
    const limits = limitsFor(first, 0);
    const gpu = await runGpu(Nv, values, first, limits);
    const second = multipleChoice([5], [2], [1]);
    writeTaskTerms(gpu.ctx, gpu.t, packTaskTerms(second, Nv, limits));
    await noGpuErrors(gpu.ctx, () => gpu.ctx.run(taskLoss(gpu.ctx, gpu.out, 3, gpu.dvaluesTensor, gpu.tValues, gpu.t, Nv, limits)));
    const want = taskLossRef(values, second);
    expectClose((await gpu.ctx.read(gpu.out)).subarray(3, 5), [want.loss, want.accuracy], TOL, 'loss, accuracy');
    expectClose(await gpu.ctx.read(gpu.dvaluesTensor), want.dvalues, TOL, 'dvalues');
  });

  it('reference gradient matches central differences of the reference loss', () => {
    const Nv = 20;
    const values = Float64Array.from(new Rng(11).normals(Nv, 2));
    const examples: TaskExampleTerms[] = [
      ...similarity(2, 3, [2, 0]), // indices 0..11
      { classes: [[12], [14, 15], [16]], label: 1 },
      { classes: [[18], [13]], label: 0 }, // 17 and 19 unused
    ];
    const { dvalues, logits } = taskLossRef(values, examples);
    expect(logits[2][1]).toBeCloseTo(values[14] + values[15], 12);
    const h = 1e-6;
    for (let i = 0; i < Nv; i++) {
      const up = values.slice(); up[i] += h;
      const down = values.slice(); down[i] -= h;
      const fd = (taskLossRef(up, examples).loss - taskLossRef(down, examples).loss) / (2 * h);
      expect(dvalues[i], `dvalues[${i}]`).toBeCloseTo(fd, 7);
    }
    expect([dvalues[17], dvalues[19]]).toEqual([0, 0]);
    // both terms of a class get its gradient, which sums to 0 over the classes (softmax minus a one-hot)
    expect(dvalues[14]).toBe(dvalues[15]);
    expect(dvalues[12] + dvalues[14] + dvalues[16]).toBeCloseTo(0, 12);
  });

  it('packTaskTerms lays out CSR starts and pads the tails', () => {
    const examples: TaskExampleTerms[] = [{ classes: [[4], [2, 5]], label: 1 }, { classes: [[0], [1], [3]], label: 2 }];
    const p = packTaskTerms(examples, 6, { maxExamples: 3, maxClasses: 7, maxTerms: 8 });
    expect(Array.from(p.terms)).toEqual([4, 2, 5, 0, 1, 3, 0, 0]);
    expect(Array.from(p.classStarts)).toEqual([0, 1, 3, 4, 5, 6, 6, 6]);
    expect(Array.from(p.exampleStarts)).toEqual([0, 2, 5, 5]);
    expect(Array.from(p.labels)).toEqual([1, 2, 0]);
    expect(Array.from(p.count)).toEqual([2]);
  });

  it('packTaskTerms refuses bad examples with the example, class and index named', () => {
    const lim = { maxExamples: 2, maxClasses: 6, maxTerms: 8 };
    const two = (a: number, b: number, label = 0): TaskExampleTerms => ({ classes: [[a], [b]], label });
    const pack = (ex: TaskExampleTerms[], l: TaskLossLimits = lim, Nv = 10) => () => packTaskTerms(ex, Nv, l);
    expect(pack([])).toThrow('packTaskTerms: 0 examples this step, expected 1..2');
    expect(pack([two(0, 1), two(2, 3), two(4, 5)])).toThrow('3 examples this step, expected 1..2');
    expect(pack([{ classes: [[0]], label: 0 }])).toThrow('example 0 has 1 classes, expected 2..64');
    const many = Array.from({ length: MAX_TASK_CLASSES + 1 }, (_, c) => [c]);
    expect(pack([{ classes: many, label: 0 }], { maxExamples: 1, maxClasses: 100, maxTerms: 100 }, 100)).toThrow('example 0 has 65 classes, expected 2..64');
    expect(pack([two(0, 1), two(2, 3, 2)])).toThrow('example 1 has label 2, expected an integer in 0..1');
    expect(pack([two(0, 1, -1)])).toThrow('example 0 has label -1');
    expect(pack([two(0, 10)])).toThrow('example 0 class 1 lists value index 10, expected an integer in 0..9 (Nv = 10)');
    expect(pack([two(0, 1.5)])).toThrow('example 0 class 1 lists value index 1.5');
    expect(pack([two(0, 1), two(2, 1)])).toThrow('value index 1 is listed by example 0 class 1 and again by example 1 class 1');
    expect(pack([{ classes: [[0, 0], [1]], label: 0 }])).toThrow('value index 0 is listed by example 0 class 0 and again by example 0 class 0');
    expect(pack([{ classes: [[0], []], label: 0 }])).toThrow('example 0 class 1 lists no value index');
    expect(pack([{ classes: [[0], [1], [2], [3]], label: 0 }, { classes: [[4], [5], [6]], label: 0 }])).toThrow('the examples up to 1 hold 7 classes, more than limits.maxClasses = 6');
    expect(pack([{ classes: [[0, 1, 2], [3, 4, 5]], label: 0 }, { classes: [[6, 7, 8], [9]], label: 0 }])).toThrow('example 1 class 0 brings the value indices to 9, more than limits.maxTerms = 8');
    expect(pack([two(0, 1)], { maxExamples: 0, maxClasses: 4, maxTerms: 4 })).toThrow('limits.maxExamples must be a positive integer');
  });

  it('taskLoss and writeTaskTerms refuse mismatched buffers', async () => {
    const ctx = await testCtx();
    const lim = { maxExamples: 2, maxClasses: 4, maxTerms: 4 };
    const t = allocTaskLossTensors(ctx, lim);
    const v = ctx.tensor('v', [4]), dv = ctx.tensor('dv', [4]), out = ctx.tensor('out', [4]);
    expect(() => taskLoss(ctx, out, 3, dv, v, t, 4, lim)).toThrow('taskLoss: elements 3..4 are outside out (out, 4 elements)');
    expect(() => taskLoss(ctx, out, 0, dv, v, t, 5, lim)).toThrow('taskLoss: dvalues (dv) has 4 elements, expected 5');
    expect(() => taskLoss(ctx, out, 0, dv, v, t, 4, { ...lim, maxTerms: 5 })).toThrow('taskLoss: terms (taskloss.terms) has 4 elements, expected 5');
    expect(() => taskLoss(ctx, out, 0, dv, v, { ...t, labels: ctx.tensor('labels', [2]) }, 4, lim)).toThrow('taskLoss: labels (labels) must be u32, not f32');
    expect(() => writeTaskTerms(ctx, t, packTaskTerms([{ classes: [[0], [1]], label: 0 }], 4, { ...lim, maxClasses: 5 }))).toThrow('writeTaskTerms: classStarts holds 6 elements but taskloss.classStarts has 5');
  });
});
