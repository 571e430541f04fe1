// pca2 recovers the known axes, projections and variance fractions of a hand-made matrix, with stable signs;
// nearestNeighbours orders rows by cosine similarity and never lists a row as its own neighbour.
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../test/gpu';
import { nearestNeighbours, pca2 } from './pca';

const tol = { atol: 1e-5, rtol: 1e-5 };

/** Rows = mean + 3·s_i·a + t_i·b with orthonormal a, b and zero-mean, orthogonal s, t. */
function knownMatrix(): { m: Float32Array; V: number; C: number; s: number[]; t: number[]; a: number[]; b: number[] } {
  const r = Math.SQRT1_2;
  const a = [r, r, 0, 0, 0];
  const b = [0, 0, r, -r, 0];
  const mean = [0.5, -1, 2, 0.25, 3];
  const s = [1, -1, 1, -1, 2, -2, 0, 0];
  const t = [1, 1, -1, -1, 0, 0, 1, -1];
  const V = s.length;
  const C = a.length;
  const m = new Float32Array(V * C);
  for (let i = 0; i < V; i++) for (let c = 0; c < C; c++) m[i * C + c] = mean[c] + 3 * s[i] * a[c] + t[i] * b[c];
  return { m, V, C, s, t, a, b };
}

describe('pca2', () => {
  it('recovers the principal axes, projections and explained variance', () => {
    const { m, V, C, s, t, a, b } = knownMatrix();
    const { xy, explained, axes } = pca2(m, V, C);
    expectClose(axes[0], a, tol, 'first axis');
    expectClose(axes[1], b, tol, 'second axis');
    expectClose(xy, s.flatMap((si, i) => [3 * si, t[i]]), tol, 'xy');
    // Variances: 9·Σs² = 108 and Σt² = 6 of a total 114.
    expectClose(explained, [108 / 114, 6 / 114], tol, 'explained');
  });

  it('keeps signs stable: a scaled matrix gives a scaled map, not a mirrored one', () => {
    const { m, V, C } = knownMatrix();
    const base = pca2(m, V, C).xy;
    const scaled = pca2(m.map((x) => 2 * x), V, C).xy;
    expectClose(scaled, base.map((x) => 2 * x), tol, 'xy of 2·M');
    expect(pca2(m, V, C).xy).toEqual(base);
  });

  it('handles a matrix without variance', () => {
    const { xy, explained } = pca2(new Float32Array(12).fill(1), 4, 3);
    expect(Array.from(xy)).toEqual(new Array(8).fill(0));
    expect(explained).toEqual([0, 0]);
  });
});

describe('nearestNeighbours', () => {
  it('orders the other rows by cosine similarity', () => {
    const m = new Float32Array([1, 0, 9, 1, 0, 2, -3, 0]); // (4, 2): east, mostly east, north, west
    const { neighbours, similarity } = nearestNeighbours(m, 4, 2, 3);
    expect(Array.from(neighbours.subarray(0, 3))).toEqual([1, 2, 3]);
    expectClose(similarity.subarray(0, 3), [9 / Math.hypot(9, 1), 0, -1], tol, 'similarity of row 0');
    expect(Array.from(neighbours.subarray(6, 9))).toEqual([1, 0, 3]); // north: mostly-east (0.11) > east (0) = west (0), lower index first
    for (let i = 0; i < 4; i++) expect(Array.from(neighbours.subarray(i * 3, i * 3 + 3))).not.toContain(i);
  });

  it('rejects K larger than V-1', () => {
    expect(() => nearestNeighbours(new Float32Array(4), 2, 2, 2)).toThrow(/K=2/);
  });
});
