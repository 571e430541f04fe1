// Packing whole examples into B rows: inputs, LM targets and λ-weights, the rows the head reads (extract tokens,
// then distinct fillers), and the per-class value indices each transform's logits sum; taking examples in order
// without splitting one; and the host-side predictions (logits, softmax, accuracy, loss).
import { describe, expect, it } from 'vitest';
import { chunkTaskExamples, packTaskBatch, takeTaskExamples } from './task-batch';
import { predictTerms, taskFigures } from './task-scores';
import type { TaskExample } from './transforms';

const ex = (label: number, ...lengths: number[]): TaskExample => ({ label, seqs: lengths.map((n, k) => Uint32Array.from({ length: n }, (_, i) => 10 * k + i + 1)) });

describe('task batches', () => {
  it('classification: one row per example, K value indices per row; padding rows weigh nothing', () => {
    const b = packTaskBatch([ex(2, 3), ex(0, 4)], 'classification', 3, 3, 5, 0.5);
    expect(Array.from(b.inputs)).toEqual([1, 2, 3, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(b.targets)).toEqual([2, 3, 0, 0, 0, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0]);
    const w = 0.5 / 5; // 2 + 3 real targets
    expect(Array.from(b.weights)).toEqual([w, w, 0, 0, 0, w, w, w, 0, 0, 0, 0, 0, 0, 0].map(Math.fround));
    expect(Array.from(b.rows)).toEqual([2, 5 + 3, 10]);
    expect(b.examples).toEqual([{ classes: [[0], [1], [2]], label: 2 }, { classes: [[3], [4], [5]], label: 0 }]);
    expect([b.sequences, b.lmTargets]).toEqual([2, 5]);
  });

  it('similarity: a class logit sums the two orderings; multiple choice: one value per choice', () => {
    const s = packTaskBatch([ex(1, 3, 3), ex(0, 2, 2)], 'similarity', 2, 4, 4, 0);
    expect(s.examples).toEqual([{ classes: [[0, 2], [1, 3]], label: 1 }, { classes: [[4, 6], [5, 7]], label: 0 }]);
    expect(Array.from(s.rows)).toEqual([2, 6, 9, 13]);
    expect(s.weights.every((x) => x === 0)).toBe(true);
    const m = packTaskBatch([ex(2, 2, 3, 2), ex(0, 2, 2)], 'multiple_choice', 1, 6, 4, 1);
    expect(m.examples).toEqual([{ classes: [[0], [1], [2]], label: 2 }, { classes: [[3], [4]], label: 0 }]);
    expect(Array.from(m.rows)).toEqual([1, 6, 9, 13, 17, 20]);
    expect(() => packTaskBatch([ex(0, 2, 2, 2), ex(0, 2)], 'multiple_choice', 1, 3, 4, 0)).toThrow('packTaskBatch: examples of 4 sequences exceed B=3');
  });

  it('takes whole examples in order; the one that does not fit waits for the next batch', () => {
    const all = [ex(0, 2, 2), ex(0, 2, 2, 2), ex(0, 2), ex(0, 2, 2)];
    let i = 0;
    const pending: TaskExample[] = [];
    const next = () => all[i++ % all.length];
    expect(takeTaskExamples(next, pending, 4)).toEqual([all[0]]);
    expect(takeTaskExamples(next, pending, 4)).toEqual([all[1], all[2]]);
    expect(takeTaskExamples(next, pending, 4)).toEqual([all[3], all[0]]); // the next epoch begins in the same batch
    expect(chunkTaskExamples(all, 4).map((c) => c.length)).toEqual([1, 2, 1]);
  });

  it('predictions: logits from the listed values, stable softmax, accuracy and mean −log p(label)', () => {
    const values = [1, 2, 1000, 0, 3, 0];
    const p = predictTerms(values, { classes: [[0, 1], [2]], label: 0 });
    expect(p.logits).toEqual([3, 1000]);
    expect(p.predicted).toBe(1);
    expect(p.probs[1]).toBe(1);
    const q = predictTerms(values, { classes: [[3], [4], [5]], label: 1 });
    const f = taskFigures([p, q, { ...q, label: -1 }]);
    expect(f.n).toBe(2);
    expect(f.accuracy).toBe(0.5);
    const lq = Math.log(Math.exp(0) + Math.exp(3) + Math.exp(0)) - 3;
    expect(f.loss).toBeCloseTo((997 + lq) / 2, 9);
  });
});
