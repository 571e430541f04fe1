// CPU reference for the GELU kernels (same signatures as gelu.ts minus ctx: outputs first), in float64.
// Works on Float32Array (GPU comparison) or Float64Array (finite-difference checks). Tested by gelu.test.ts.

type Floats = Float32Array | Float64Array;

const SCALE = Math.sqrt(2 / Math.PI);
const CUBE = 0.044715;

/** out = 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x³))), both (N). */
export function geluForwardRef(out: Floats, inp: Floats, N: number): void {
  for (let i = 0; i < N; i++) {
    const x = inp[i];
    out[i] = 0.5 * x * (1 + Math.tanh(SCALE * (x + CUBE * x ** 3)));
  }
}

/** dinp = gelu'(inp) * dout, all (N); overwrites dinp. */
export function geluBackwardRef(dinp: Floats, inp: Floats, dout: Floats, N: number): void {
  for (let i = 0; i < N; i++) {
    const x = inp[i];
    const t = Math.tanh(SCALE * (x + CUBE * x ** 3));
    dinp[i] = (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SCALE * (1 + 3 * CUBE * x * x)) * dout[i];
  }
}
