// summarizeActivations: per-layer mean/std/min/max, histograms over one shared symmetric range whose counts
// add up to T×C per layer, edge values in the end bins.
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../test/gpu';
import { summarizeActivations } from './activation-probe';

describe('summarizeActivations', () => {
  // 2 layers, T=2, C=2: layer 0 = [1, 2, 3, 4], layer 1 = [-8, 0, 0, 8].
  const residual = new Float32Array([1, 2, 3, 4, -8, 0, 0, 8]);

  it('computes mean, std, min, max per layer', () => {
    const { stats } = summarizeActivations(residual, 2, 2, 2);
    expectClose(stats, [2.5, Math.sqrt(1.25), 1, 4, 0, 4 * Math.SQRT2, -8, 8], { atol: 1e-6, rtol: 1e-6 }, 'stats');
  });

  it('bins every layer over the shared range [-max|x|, max|x|]', () => {
    const { histogram, bins, histMin, histMax } = summarizeActivations(residual, 2, 2, 2, 4);
    expect([bins, histMin, histMax]).toEqual([4, -8, 8]);
    // Bins of width 4: [-8,-4) [-4,0) [0,4) [4,8]; 4 falls in the last, 8 is included in it.
    expect(Array.from(histogram)).toEqual([0, 0, 3, 1, 1, 0, 2, 1]);
  });

  it('uses 41 bins by default and a unit range for an all-zero stream', () => {
    const s = summarizeActivations(new Float32Array(6), 1, 2, 3);
    expect([s.bins, s.histMin, s.histMax]).toEqual([41, -1, 1]);
    expect(s.histogram[20]).toBe(6);
    expect(s.histogram.reduce((a, b) => a + b, 0)).toBe(6);
  });
});
