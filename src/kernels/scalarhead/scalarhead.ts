// Launchers for a scalar head with K outputs on chosen rows of a (N, C) activation: forward
// values[m, k] = x[rows[m]]·w[k] + b[k], and the backward into the input (accumulated, so heads add into the
// trunk's gradient) and into w and b. K = 1 (the default) is a reward model's or value head's single score.
// Tested by scalarhead.test.ts against scalarhead.ref.ts.

import { ceilDiv, grid, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import backwardInputCode from './scalar_head_backward_input.wgsl?raw';
import backwardParamsCode from './scalar_head_backward_params.wgsl?raw';
import forwardCode from './scalar_head_forward.wgsl?raw';

function check(kernel: string, M: number, N: number, C: number, K: number): void {
  for (const [k, v] of [['M', M], ['N', N], ['C', C], ['K', K]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${kernel}: ${k} must be a positive integer (got ${v})`);
  }
  if (M > N) throw new Error(`${kernel}: M=${M} rows read from N=${N} rows; rows must be distinct`);
}

/** values (M, K) = x[rows[m], :] · w[k, :] (+ b[k]); rows u32 (M), each < N; w (K, C); b (K). */
export function scalarHeadForward(ctx: GpuContext, values: Tensor, x: Tensor, rows: Tensor, w: Tensor, b: Tensor | null, M: number, N: number, C: number, K = 1): Dispatch[] {
  const k = 'scalarHeadForward';
  check(k, M, N, C, K);
  expectLength(k, 'values', values, M * K);
  expectLength(k, 'x', x, N * C);
  expectLength(k, 'rows', rows, M);
  expectLength(k, 'w', w, K * C);
  if (b) expectLength(k, 'b', b, K);
  const WG = 64;
  const params = ctx.uniform('scalar_head_forward.params', [['u32', M], ['u32', C], ['u32', K]]);
  const src = { name: 'scalar_head_forward', code: forwardCode, constants: { WG, HAS_BIAS: b ? 1 : 0 } };
  return [ctx.dispatch(src, [values, x, rows, w, b ?? w, params], grid(ceilDiv(M * K, WG)))];
}

/**
 * dx[rows[m], :] += Σ_k dvalues[m, k] · w[k, :] (ACCUMULATES; rows must be distinct),
 * dw[k, :] += Σ_m dvalues[m, k] · x[rows[m], :] and db[k] += Σ_m dvalues[m, k] (both ACCUMULATE).
 */
export function scalarHeadBackward(
  ctx: GpuContext,
  dx: Tensor, // (N, C)
  dw: Tensor, // (K, C)
  db: Tensor | null, // (K)
  dvalues: Tensor, // (M, K)
  x: Tensor, // (N, C)
  rows: Tensor, // (M) u32
  w: Tensor, // (K, C)
  M: number,
  N: number,
  C: number,
  K = 1,
): Dispatch[] {
  const k = 'scalarHeadBackward';
  check(k, M, N, C, K);
  expectLength(k, 'dx', dx, N * C);
  expectLength(k, 'dw', dw, K * C);
  if (db) expectLength(k, 'db', db, K);
  expectLength(k, 'dvalues', dvalues, M * K);
  expectLength(k, 'x', x, N * C);
  expectLength(k, 'rows', rows, M);
  expectLength(k, 'w', w, K * C);
  const params = ctx.uniform('scalar_head_backward.params', [['u32', M], ['u32', C], ['u32', K]]);
  const WG_IN = 256;
  const WG_PARAMS = 64;
  // Without a bias the kernel never writes db; a context-wide one-float scratch fills the binding.
  const dbBinding = db ?? ctx.sharedTensor('scalar_head.no_bias', [1]);
  return [
    ctx.dispatch({ name: 'scalar_head_backward_input', code: backwardInputCode, constants: { WG: WG_IN } }, [dx, dvalues, rows, w, params], grid(ceilDiv(M * C, WG_IN))),
    ctx.dispatch({ name: 'scalar_head_backward_params', code: backwardParamsCode, constants: { WG: WG_PARAMS, HAS_BIAS: db ? 1 : 0 } }, [dw, dbBinding, dvalues, rows, x, params], [ceilDiv(K * C + K, WG_PARAMS)]),
  ];
}
