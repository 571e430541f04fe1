// Induction targets and scores on hand-made sequences and attention maps.
import { describe, expect, it } from 'vitest';
import { inductionScores, inductionTargets } from './induction';

describe('induction heads', () => {
  // "a>q b>m a>" as ids: a=0 >=1 q=2 space=3 b=4 m=5
  const seq = [0, 1, 2, 3, 4, 1, 5, 3, 0, 1];
  it('targets the token after the earlier occurrence of the same two tokens', () => {
    expect(inductionTargets(seq, 9)).toEqual([2]); // "a>" at 8..9 repeats 0..1: look at 2 ("q")
    expect(inductionTargets(seq, 5)).toEqual([]); // "b>" has not occurred before
    expect(inductionTargets(seq, 0)).toEqual([]);
    expect(inductionTargets([7, 7, 7, 7], 3)).toEqual([2, 3]); // repeated bigram: every earlier occurrence
  });

  it('scores a head that attends to the targets 1 and a uniform head lower', () => {
    const T = seq.length, L = 1, NH = 2;
    const probs = new Float32Array(L * NH * T * T);
    for (let t = 0; t < T; t++) {
      for (let j = 0; j <= t; j++) probs[(1 * T + t) * T + j] = 1 / (t + 1); // head 1: uniform
      const tg = inductionTargets(seq, t);
      if (tg.length) for (const j of tg) probs[(0 * T + t) * T + j] = 1 / tg.length; // head 0: induction
      else probs[(0 * T + t) * T + t] = 1;
    }
    const s = inductionScores(probs, seq, L, NH, T);
    expect(s.queries).toBe(1);
    expect(s.scores[0][0]).toBeCloseTo(1, 6);
    expect(s.scores[0][1]).toBeCloseTo(1 / 10, 6);
    expect(s.best).toEqual({ layer: 0, head: 0, score: s.scores[0][0] });
  });

  it('refuses a probability array of the wrong size', () => {
    expect(() => inductionScores(new Float32Array(5), seq, 1, 1, seq.length)).toThrow(/needs 100/);
  });
});
