// Induction targets and scores on hand-made sequences and attention maps.
import { describe, expect, it } from 'vitest';
import { copyIsRight, inductionScores, inductionTargets } from './induction';

describe('induction heads', () => {
  // "7>Q b>Q c>" as ids: 7=0 >=1 Q=2 space=3 b=4 c=5
  const seq = [0, 1, 2, 3, 4, 1, 2, 3, 5, 1, 2];
  it('targets the token after each earlier occurrence of the current token', () => {
    expect(inductionTargets(seq, 9)).toEqual([2, 6]); // ">" at 9: what followed the ">" at 1 and 5
    expect(inductionTargets(seq, 4)).toEqual([]); // "b" is new
    expect(inductionTargets([7, 7, 7, 7], 3)).toEqual([1, 2, 3]);
  });

  it('counts a position only where copying gives the next token', () => {
    expect(copyIsRight(seq, 9)).toBe(true); // next is Q, which followed ">" before
    expect(copyIsRight(seq, 3)).toBe(false); // after the first space came "b"; next is "c", new
    expect(copyIsRight(seq, 10)).toBe(false); // no next token
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
    const queries = seq.map((_, t) => t).filter((t) => copyIsRight(seq, t));
    expect(s.queries).toBe(queries.length);
    expect(s.queries).toBeGreaterThan(1);
    expect(s.scores[0][0]).toBeCloseTo(1, 6);
    const uniform = queries.reduce((a, t) => a + inductionTargets(seq, t).length / (t + 1), 0) / queries.length;
    expect(s.scores[0][1]).toBeCloseTo(uniform, 6);
    expect(s.best).toEqual({ layer: 0, head: 0, score: s.scores[0][0] });
  });

  it('refuses a probability array of the wrong size', () => {
    expect(() => inductionScores(new Float32Array(5), seq, 1, 1, seq.length)).toThrow(/needs 121/);
  });
});
