// f16Round (f16.ts) against hand-picked values whose binary16 rounding is worked out below, and against every
// one of the 65536 bit patterns: each f16 value rounds to itself, and each midpoint between neighbours rounds to
// the neighbour with the even mantissa. CPU only.
import { describe, expect, it } from 'vitest';
import { F16_MAX, F16_MIN_NORMAL, F16_MIN_SUBNORMAL, f16FromBits, f16Round, roundedToF16 } from './f16';

describe('f16Round', () => {
  it('rounds hand-picked values as IEEE binary16 does', () => {
    // 1/3 = 1.0101...b x 2^-2: 10 mantissa bits 0101010101, then 0101... (< half an ulp) -> down: 0x3555.
    expect(f16Round(1 / 3)).toBe(f16FromBits(0x3555));
    expect(f16Round(1 / 3)).toBe(0.333251953125);
    expect(f16Round(-1 / 3)).toBe(-0.333251953125);
    expect(f16Round(F16_MAX)).toBe(65504);
    // Between 65504 and 65536 (which overflows) the spacing is 32: 65519 is below the midpoint, 65520 is the
    // midpoint and goes to the even neighbour, 2^16, that is infinity.
    expect(f16Round(65519)).toBe(65504);
    expect(f16Round(65520)).toBe(Infinity);
    expect(f16Round(-65520)).toBe(-Infinity);
    expect(f16Round(1e6)).toBe(Infinity);
    // Subnormals: spacing 2^-24 below 2^-14. 2^-25 is the midpoint between 0 and 2^-24 -> even (0);
    // 1.5 x 2^-25 is above it -> 2^-24; 3 x 2^-25 is the midpoint between 2^-24 and 2^-23 -> even (2^-23).
    expect(f16Round(F16_MIN_SUBNORMAL)).toBe(2 ** -24);
    expect(f16Round(2 ** -25)).toBe(0);
    expect(Object.is(f16Round(-(2 ** -25)), -0)).toBe(true);
    expect(f16Round(1.5 * 2 ** -25)).toBe(2 ** -24);
    expect(f16Round(3 * 2 ** -25)).toBe(2 ** -23);
    expect(f16Round(F16_MIN_NORMAL)).toBe(2 ** -14);
    expect(f16Round(F16_MIN_NORMAL - 2 ** -25)).toBe(2 ** -14); // a midpoint; 2^-14 has the even mantissa
    // Ties to even among normals: spacing 2^-10 at 1. 1 + 2^-11 -> 1; 1 + 3 x 2^-11 -> 1 + 2^-9.
    expect(f16Round(1 + 2 ** -11)).toBe(1);
    expect(f16Round(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(f16Round(1 + 2 ** -11 + 2 ** -20)).toBe(1 + 2 ** -10);
    expect(f16Round(NaN)).toBeNaN();
    expect(f16Round(Infinity)).toBe(Infinity);
    expect(Object.is(f16Round(-0), -0)).toBe(true);
  });

  it('keeps every f16 value and rounds every midpoint to the even neighbour (all 65536 bit patterns)', () => {
    for (let bits = 0; bits < 0x7c00; bits++) {
      // Positive finite f16s in increasing order; the negative ones mirror them (tested by sign below).
      const v = f16FromBits(bits);
      expect(f16Round(v), `bits 0x${bits.toString(16)}`).toBe(v);
      expect(f16Round(-v), `bits 0x${(bits | 0x8000).toString(16)}`).toBe(-v);
      const next = bits + 1 < 0x7c00 ? f16FromBits(bits + 1) : 2 ** 16;
      const mid = (v + next) / 2;
      const even = bits % 2 === 0 ? v : bits + 1 < 0x7c00 ? next : Infinity;
      if (f16Round(mid) !== even) throw new Error(`midpoint after 0x${bits.toString(16)} (${mid}) rounds to ${f16Round(mid)}, expected ${even}`);
      if (f16Round((v + mid) / 2) !== v) throw new Error(`a quarter step above 0x${bits.toString(16)} does not round down`);
    }
    expect(f16FromBits(0x7c00)).toBe(Infinity);
    expect(f16FromBits(0x7e00)).toBeNaN();
  });

  it('roundedToF16 rounds each element and leaves its input alone', () => {
    const x = Float32Array.of(1 / 3, 70000, 2 ** -26);
    const r = roundedToF16(x);
    expect(Array.from(r)).toEqual([Math.fround(0.333251953125), Infinity, 0]);
    expect(x[1]).toBe(70000);
  });
});
