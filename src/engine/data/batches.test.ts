// BatchSampler (seeded determinism, skip, offsets in bounds, targets = inputs shifted by one) and evalWindows
// (window count, order, dropped remainder, grouping into batches of B).
import { describe, expect, it } from 'vitest';
import { BatchSampler, evalWindows } from './batches';

/** tokens[i] = i, so a window's first input is its offset. */
const iota = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('BatchSampler', () => {
  it('gives the same batches for the same seed and different ones for another seed', () => {
    const tokens = iota(1000);
    const a = new BatchSampler(tokens, 4, 8, 42);
    const b = new BatchSampler(tokens, 4, 8, 42);
    const c = new BatchSampler(tokens, 4, 8, 43);
    for (let i = 0; i < 5; i++) {
      const [x, y, z] = [a.next(), b.next(), c.next()];
      expect(x).toEqual(y);
      expect(x.inputs).not.toEqual(z.inputs);
    }
  });

  it('skip(n) continues exactly where n calls of next() would', () => {
    const tokens = iota(1000);
    const a = new BatchSampler(tokens, 4, 8, 42);
    const b = new BatchSampler(tokens, 4, 8, 42);
    for (let i = 0; i < 3; i++) a.next();
    b.fastForward(3);
    expect(b.next()).toEqual(a.next());
  });

  it('draws windows in bounds whose targets are the inputs shifted by one', () => {
    const T = 5;
    const tokens = iota(12); // offsets in [0, 6]
    const sampler = new BatchSampler(tokens, 3, T, 7);
    const seen = new Set<number>();
    for (let step = 0; step < 200; step++) {
      const { inputs, targets } = sampler.next();
      expect(inputs.length).toBe(3 * T);
      for (let b = 0; b < 3; b++) {
        const off = inputs[b * T];
        seen.add(off);
        for (let t = 0; t < T; t++) {
          expect(inputs[b * T + t]).toBe(off + t);
          expect(targets[b * T + t]).toBe(off + t + 1);
        }
      }
    }
    expect([...seen].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('works with exactly T+1 tokens and rejects fewer', () => {
    expect(new BatchSampler(iota(4), 2, 3, 1).next().targets).toEqual(Uint32Array.from([1, 2, 3, 1, 2, 3]));
    expect(() => new BatchSampler(iota(3), 1, 3, 1)).toThrow('3 tokens are too few for T=3 (need at least 4)');
    expect(() => new BatchSampler(iota(9), 0, 3, 1)).toThrow('B must be a positive integer');
  });
});

describe('evalWindows', () => {
  it('cuts consecutive windows of T+1 tokens and drops the remainder', () => {
    const T = 3;
    const batches = evalWindows(iota(4 * 5 + 3), T); // 5 windows, 3 tokens left over
    expect(batches.length).toBe(5);
    batches.forEach(({ inputs, targets }, i) => {
      const start = i * (T + 1);
      expect([...inputs]).toEqual([start, start + 1, start + 2]);
      expect([...targets]).toEqual([start + 1, start + 2, start + 3]);
    });
  });

  it('groups windows B to a batch, the last batch holding the leftovers', () => {
    const batches = evalWindows(iota(3 * 7), 2, 3); // 7 windows -> 3 + 3 + 1
    expect(batches.map((b) => b.inputs.length / 2)).toEqual([3, 3, 1]);
    expect([...batches[1].inputs]).toEqual([9, 10, 12, 13, 15, 16]);
    expect([...batches[2].targets]).toEqual([19, 20]);
  });

  it('rejects fewer than T+1 tokens', () => {
    expect(evalWindows(iota(4), 3).length).toBe(1);
    expect(() => evalWindows(iota(3), 3)).toThrow('evalWindows: 3 tokens are too few for T=3');
  });
});
