// The embedding map's geometry on the CPU: the top-2 principal components of a (V, C) matrix (power iteration
// with deflation, deterministic start, fixed signs so the map does not flip between probes) and each row's
// nearest neighbours by cosine similarity. Tested by pca.test.ts against matrices with known axes.

import { Rng } from '../rng';

export interface Pca2 {
  xy: Float32Array; // (V, 2) rows projected on the two components
  /** Variance along each component as a fraction of the total variance. */
  explained: [number, number];
  axes: [Float64Array, Float64Array]; // 2 × (C) unit vectors
}

const MAX_ITERATIONS = 500;
/** Stop when the direction moves less than this (1 - |cos| between iterates). */
const TOLERANCE = 1e-12;

/** Top-2 principal components of the rows of `matrix` (V, C), rows centered first. */
export function pca2(matrix: Float32Array, V: number, C: number): Pca2 {
  if (matrix.length !== V * C) throw new Error(`pca2: ${matrix.length} values for shape (${V}, ${C})`);
  const x = new Float64Array(V * C); // (V, C) centered
  const mean = new Float64Array(C);
  for (let i = 0; i < V; i++) for (let c = 0; c < C; c++) mean[c] += matrix[i * C + c] / V;
  let total = 0;
  for (let i = 0; i < V; i++) {
    for (let c = 0; c < C; c++) {
      const d = matrix[i * C + c] - mean[c];
      x[i * C + c] = d;
      total += d * d;
    }
  }
  const rng = new Rng(0x5eed);
  const u1 = topDirection(x, V, C, rng, null);
  const u2 = topDirection(x, V, C, rng, u1);
  const xy = new Float32Array(V * 2);
  const variance = [0, 0];
  for (let i = 0; i < V; i++) {
    const a = dotRow(x, i, C, u1);
    const b = dotRow(x, i, C, u2);
    xy[i * 2] = a;
    xy[i * 2 + 1] = b;
    variance[0] += a * a;
    variance[1] += b * b;
  }
  const explained: [number, number] = total > 0 ? [variance[0] / total, variance[1] / total] : [0, 0];
  return { xy, explained, axes: [u1, u2] };
}

/** Power iteration on XᵀX for its top eigenvector, orthogonal to `deflate` when given; sign fixed. */
function topDirection(x: Float64Array, V: number, C: number, rng: Rng, deflate: Float64Array | null): Float64Array {
  let u = new Float64Array(C);
  for (let c = 0; c < C; c++) u[c] = rng.normal();
  if (deflate) project(u, deflate);
  if (!normalize(u)) return u;
  const xu = new Float64Array(V);
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    for (let i = 0; i < V; i++) xu[i] = dotRow(x, i, C, u);
    const next = new Float64Array(C); // Xᵀ (X u)
    for (let i = 0; i < V; i++) {
      const s = xu[i];
      for (let c = 0; c < C; c++) next[c] += s * x[i * C + c];
    }
    if (deflate) project(next, deflate);
    if (!normalize(next)) break; // no variance left in this direction: keep u
    let cos = 0;
    for (let c = 0; c < C; c++) cos += next[c] * u[c];
    u = next;
    if (1 - Math.abs(cos) < TOLERANCE) break;
  }
  fixSign(u);
  return u;
}

/** Removes from `v` its component along the unit vector `axis`. */
function project(v: Float64Array, axis: Float64Array): void {
  let d = 0;
  for (let c = 0; c < v.length; c++) d += v[c] * axis[c];
  for (let c = 0; c < v.length; c++) v[c] -= d * axis[c];
}

/** Scales `v` to unit length; false if it is (numerically) zero. */
function normalize(v: Float64Array): boolean {
  let n = 0;
  for (let c = 0; c < v.length; c++) n += v[c] * v[c];
  n = Math.sqrt(n);
  if (!(n > 1e-30)) return false;
  for (let c = 0; c < v.length; c++) v[c] /= n;
  return true;
}

/** Makes the largest-magnitude coordinate positive (first one on ties), so equal inputs give equal signs. */
function fixSign(u: Float64Array): void {
  let best = 0;
  for (let c = 1; c < u.length; c++) if (Math.abs(u[c]) > Math.abs(u[best]) + 1e-12) best = c;
  if (u[best] < 0) for (let c = 0; c < u.length; c++) u[c] = -u[c];
}

function dotRow(x: Float64Array, i: number, C: number, u: Float64Array): number {
  let s = 0;
  for (let c = 0; c < C; c++) s += x[i * C + c] * u[c];
  return s;
}

/**
 * For each row of `matrix` (V, C), the K other rows most similar by cosine similarity, most similar first
 * (ties: lower index first). A zero row has similarity 0 to everything. O(V² C).
 */
export function nearestNeighbours(matrix: Float32Array, V: number, C: number, K: number): { neighbours: Int32Array; similarity: Float32Array } {
  if (matrix.length !== V * C) throw new Error(`nearestNeighbours: ${matrix.length} values for shape (${V}, ${C})`);
  if (!Number.isInteger(K) || K < 0 || K > V - 1) throw new Error(`nearestNeighbours: K=${K} must be in [0, V-1=${V - 1}]`);
  const unit = new Float32Array(V * C); // (V, C) rows scaled to unit length
  for (let i = 0; i < V; i++) {
    let n = 0;
    for (let c = 0; c < C; c++) n += matrix[i * C + c] ** 2;
    const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
    for (let c = 0; c < C; c++) unit[i * C + c] = matrix[i * C + c] * inv;
  }
  const neighbours = new Int32Array(V * K); // (V, K)
  const similarity = new Float32Array(V * K); // (V, K)
  const sims = new Float64Array(V);
  const order = new Int32Array(V);
  for (let i = 0; i < V; i++) {
    for (let j = 0; j < V; j++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += unit[i * C + c] * unit[j * C + c];
      sims[j] = s;
      order[j] = j;
    }
    sims[i] = -Infinity; // never its own neighbour
    order.sort((a, b) => sims[b] - sims[a] || a - b);
    for (let k = 0; k < K; k++) {
      neighbours[i * K + k] = order[k];
      similarity[i * K + k] = sims[order[k]];
    }
  }
  return { neighbours, similarity };
}
