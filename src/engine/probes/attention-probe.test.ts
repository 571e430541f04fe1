// attentionProbs: rows are causal probability distributions, and probabilities · v reproduces the output of
// the attention kernel's CPU reference (attention.ref.ts) on random q, k, v, including large scores.
import { describe, expect, it } from 'vitest';
import { attentionForwardRef } from '../../kernels/attention/attention.ref';
import { expectClose } from '../../test/gpu';
import { Rng } from '../rng';
import { attentionProbs, attentionProbsAllLayers } from './attention-probe';

function randomQkv(T: number, C: number, scale: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: T * 3 * C }, () => rng.normal() * scale);
}

describe('attentionProbs', () => {
  for (const [T, C, NH, scale] of [[7, 12, 3, 1], [1, 8, 2, 1], [5, 16, 2, 30]] as const) {
    it(`matches the kernel reference (T=${T}, C=${C}, NH=${NH}, |qkv|~${scale})`, () => {
      const qkv = randomQkv(T, C, scale, T * 100 + C);
      const P = new Float32Array(NH * T * T);
      attentionProbs(P, qkv, T, C, NH);
      const HS = C / NH;
      const got = new Float32Array(T * C); // (T, C) = P · v per head
      for (let h = 0; h < NH; h++) {
        for (let t = 0; t < T; t++) {
          let rowSum = 0;
          for (let j = 0; j < T; j++) {
            const p = P[(h * T + t) * T + j];
            rowSum += p;
            if (j > t) expect(p).toBe(0);
            for (let d = 0; d < HS; d++) got[t * C + h * HS + d] += p * qkv[j * 3 * C + 2 * C + h * HS + d];
          }
          expect(Math.abs(rowSum - 1)).toBeLessThan(1e-6);
        }
      }
      const want = new Float32Array(T * C);
      attentionForwardRef(want, new Float32Array(NH * T), qkv, 1, T, C, NH);
      // f32 products of f32 probabilities against an f64-accumulated reference.
      expectClose(got, want, { atol: 1e-5 * scale, rtol: 1e-4 }, 'P·v');
    });
  }

  it('stacks layers in order', () => {
    const [T, C, NH] = [4, 8, 2];
    const layers = [randomQkv(T, C, 1, 1), randomQkv(T, C, 1, 2)];
    const all = attentionProbsAllLayers(layers, T, C, NH);
    const second = new Float32Array(NH * T * T);
    attentionProbs(second, layers[1], T, C, NH);
    expect(all.subarray(NH * T * T)).toEqual(second);
  });
});
