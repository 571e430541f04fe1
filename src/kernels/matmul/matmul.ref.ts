// CPU references for matmul.wgsl, matmul_reduce.wgsl and bias_backward.wgsl (same arguments as the launchers
// in matmul.ts, minus ctx), and for the f16-input paths (matmul.wgsl with f16 tiles, matmul_subgroup.wgsl):
// the same product of the operands rounded to f16. Sums run in float64 and are rounded once, so they are closer
// to exact than the GPU. Used by matmul.test.ts, matmul-f16.test.ts and bench/gpu-check.ts.

import { roundedToF16 } from './f16';

/**
 * out (M,N) = op(A)·op(B) [+ bias]; with accumulate, out += that. op(A) (M,K) is stored as a (K,M) if transA
 * else (M,K); op(B) (K,N) is stored as b (N,K) if transB else (K,N).
 */
export function matmulRef(
  out: Float32Array, // (M, N)
  a: Float32Array, // (M, K), or (K, M) if transA
  b: Float32Array, // (K, N), or (N, K) if transB
  bias: Float32Array | null, // (N)
  M: number,
  N: number,
  K: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        s += (transA ? a[k * M + m] : a[m * K + k]) * (transB ? b[n * K + k] : b[k * N + n]);
      }
      if (bias) s += bias[n];
      out[m * N + n] = accumulate ? out[m * N + n] + s : s;
    }
  }
}

/**
 * matmulRef of the operands rounded to f16 (ties to even, f16.ts): what the f16-input kernels compute, whose
 * tiles hold f16 copies of op(A) and op(B) and whose sums, bias and accumulate stay f32. The bias and the old
 * out are not rounded.
 */
export function matmulF16InputsRef(
  out: Float32Array, // (M, N)
  a: Float32Array, // (M, K), or (K, M) if transA
  b: Float32Array, // (K, N), or (N, K) if transB
  bias: Float32Array | null, // (N)
  M: number,
  N: number,
  K: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  matmulRef(out, roundedToF16(a), roundedToF16(b), bias, M, N, K, transA, transB, accumulate);
}

/** dbias = sum over rows of dout; with accumulate, dbias += that. */
export function biasBackwardRef(
  dbias: Float32Array, // (N)
  dout: Float32Array, // (M, N)
  M: number,
  N: number,
  accumulate: boolean,
): void {
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let m = 0; m < M; m++) s += dout[m * N + n];
    dbias[n] = accumulate ? dbias[n] + s : s;
  }
}
