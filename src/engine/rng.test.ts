// Rng: the same seed gives the same stream, different seeds differ, and the draws have the stated ranges and
// moments (mean and variance of 20 000 normals and uniforms within a few standard errors).
import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('repeats a stream for the same seed and not for another', () => {
    const a = Array.from({ length: 5 }, ((r) => () => r.nextU32())(new Rng(42)));
    const b = Array.from({ length: 5 }, ((r) => () => r.nextU32())(new Rng(42)));
    const c = Array.from({ length: 5 }, ((r) => () => r.nextU32())(new Rng(43)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('draws integers in [0, n), uniforms in [lo, hi) and standard normals', () => {
    const r = new Rng(7);
    const ints = Array.from({ length: 2000 }, () => r.int(6));
    expect(Math.min(...ints)).toBe(0);
    expect(Math.max(...ints)).toBe(5);
    const n = 20_000;
    const u = r.uniforms(n, 2, 4);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...u)).toBeLessThan(4);
    const mean = (x: Float32Array) => x.reduce((a, v) => a + v, 0) / x.length;
    const variance = (x: Float32Array) => x.reduce((a, v) => a + (v - mean(x)) ** 2, 0) / x.length;
    expect(Math.abs(mean(u) - 3)).toBeLessThan(4 * Math.sqrt(1 / 3 / n));
    const z = r.normals(n, 2);
    expect(Math.abs(mean(z))).toBeLessThan(4 * (2 / Math.sqrt(n)));
    expect(Math.abs(variance(z) - 4)).toBeLessThan(4 * 4 * Math.sqrt(2 / n));
  });
});
