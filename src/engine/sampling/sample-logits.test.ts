// Sampling: greedy at temperature 0, top-k never picks outside the k best, frequencies follow softmax.
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { sampleFromLogits } from './sample-logits';

describe('sampleFromLogits', () => {
  const logits = new Float32Array([0.1, 2.0, -1.0, 1.5]);
  it('is greedy at temperature 0', () => {
    expect(sampleFromLogits(logits, 0, 0, new Rng(1))).toBe(1);
  });
  it('keeps to the top k', () => {
    const rng = new Rng(2);
    for (let i = 0; i < 200; i++) expect([1, 3]).toContain(sampleFromLogits(logits, 5, 2, rng));
  });
  it('follows softmax frequencies at temperature 1', () => {
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[sampleFromLogits(logits, 1, 0, rng)]++;
    const z = Array.from(logits).map(Math.exp);
    const sum = z.reduce((a, b) => a + b, 0);
    z.forEach((e, i) => expect(Math.abs(counts[i] / n - e / sum)).toBeLessThan(0.015));
  });
});
