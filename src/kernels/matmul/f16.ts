// IEEE binary16 on the CPU, for the references of the f16-input matmuls (Node 20 has no Math.f16round):
// f16Round rounds a number to the nearest half-precision value (ties to even), with subnormals down to 2^-24
// and overflow to ±Infinity, as an f32 -> f16 conversion does when it rounds to nearest even.
// Tested by f16.test.ts.

/** Largest finite f16: (2 - 2^-10) * 2^15. */
export const F16_MAX = 65504;
/** Smallest positive normal f16. */
export const F16_MIN_NORMAL = 2 ** -14;
/** Smallest positive subnormal f16, the spacing of every value below F16_MIN_NORMAL. */
export const F16_MIN_SUBNORMAL = 2 ** -24;
/** Stored mantissa bits of an f16. */
const MANTISSA_BITS = 10;
/** Halfway between F16_MAX and 2^16 (the next step, which no longer fits): from here on, rounding gives infinity. */
const OVERFLOW_AT = F16_MAX + 2 ** (15 - MANTISSA_BITS - 1);

/** v rounded to an integer, ties to the even one. v is exact here (a power-of-two multiple of an f32). */
function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const frac = v - floor;
  if (frac > 0.5) return floor + 1;
  if (frac < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The exponent e with 2^e <= a < 2^(e+1), for a > 0 (Math.log2 alone can be off by one at the edges). */
function exponentOf(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return e;
}

/** x rounded to the nearest f16 value (ties to even); NaN stays NaN, the sign of zero is kept. */
export function f16Round(x: number): number {
  if (Number.isNaN(x) || x === 0 || !Number.isFinite(x)) return x;
  const a = Math.abs(x);
  if (a >= OVERFLOW_AT) return Math.sign(x) * Infinity;
  // Below the normal range the spacing stays 2^-24 (subnormals); above, it is 2^(e - 10).
  const quantum = a < F16_MIN_NORMAL ? F16_MIN_SUBNORMAL : 2 ** (exponentOf(a) - MANTISSA_BITS);
  const r = roundHalfEven(a / quantum) * quantum;
  return x < 0 ? -r : r;
}

/** The value of the f16 with these 16 bits (sign, 5 exponent bits, 10 mantissa bits). */
export function f16FromBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> MANTISSA_BITS) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  if (exponent === 0) return sign * mantissa * F16_MIN_SUBNORMAL;
  return sign * (1 + mantissa / 2 ** MANTISSA_BITS) * 2 ** (exponent - 15);
}

/** A copy of `values` with every element rounded to f16 (what an f16-input kernel multiplies). */
export function roundedToF16(values: Float32Array): Float32Array {
  return values.map(f16Round);
}
