// Launchers for a scalar head on chosen rows of a (N, C) activation: forward values[m] = x[rows[m]]·w + b, and
// the backward into the input (accumulated, so heads add into the trunk's gradient) and into w and b.
// Tested by scalarhead.test.ts against scalarhead.ref.ts.

import { ceilDiv, grid, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import backwardInputCode from './scalar_head_backward_input.wgsl?raw';
import backwardParamsCode from './scalar_head_backward_params.wgsl?raw';
import forwardCode from './scalar_head_forward.wgsl?raw';

function check(kernel: string, M: number, N: number, C: number): void {
  for (const [k, v] of [['M', M], ['N', N], ['C', C]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${kernel}: ${k} must be a positive integer (got ${v})`);
  }
  if (M > N) throw new Error(`${kernel}: M=${M} rows read from N=${N} rows; rows must be distinct`);
}

/** values (M) = x[rows[m], :] · w (+ b[0]); rows u32 (M), each < N. */
export function scalarHeadForward(ctx: GpuContext, values: Tensor, x: Tensor, rows: Tensor, w: Tensor, b: Tensor | null, M: number, N: number, C: number): Dispatch[] {
  const k = 'scalarHeadForward';
  check(k, M, N, C);
  expectLength(k, 'values', values, M);
  expectLength(k, 'x', x, N * C);
  expectLength(k, 'rows', rows, M);
  expectLength(k, 'w', w, C);
  if (b) expectLength(k, 'b', b, 1);
  const WG = 64;
  const params = ctx.uniform('scalar_head_forward.params', [['u32', M], ['u32', C]]);
  const src = { name: 'scalar_head_forward', code: forwardCode, constants: { WG, HAS_BIAS: b ? 1 : 0 } };
  return [ctx.dispatch(src, [values, x, rows, w, b ?? w, params], grid(ceilDiv(M, WG)))];
}

/**
 * dx[rows[m], :] += dvalues[m] · w (ACCUMULATES; rows must be distinct), dw += Σ_m dvalues[m] · x[rows[m], :] and
 * db += Σ_m dvalues[m] (both ACCUMULATE).
 */
export function scalarHeadBackward(
  ctx: GpuContext,
  dx: Tensor, // (N, C)
  dw: Tensor, // (C)
  db: Tensor | null, // (1)
  dvalues: Tensor, // (M)
  x: Tensor, // (N, C)
  rows: Tensor, // (M) u32
  w: Tensor, // (C)
  M: number,
  N: number,
  C: number,
): Dispatch[] {
  const k = 'scalarHeadBackward';
  check(k, M, N, C);
  expectLength(k, 'dx', dx, N * C);
  expectLength(k, 'dw', dw, C);
  if (db) expectLength(k, 'db', db, 1);
  expectLength(k, 'dvalues', dvalues, M);
  expectLength(k, 'x', x, N * C);
  expectLength(k, 'rows', rows, M);
  expectLength(k, 'w', w, C);
  const params = ctx.uniform('scalar_head_backward.params', [['u32', M], ['u32', C]]);
  const WG_IN = 256;
  const WG_PARAMS = 64;
  // Without a bias the kernel never writes db; a context-wide one-float scratch fills the binding.
  const dbBinding = db ?? ctx.sharedTensor('scalar_head.no_bias', [1]);
  return [
    ctx.dispatch({ name: 'scalar_head_backward_input', code: backwardInputCode, constants: { WG: WG_IN } }, [dx, dvalues, rows, w, params], grid(ceilDiv(M * C, WG_IN))),
    ctx.dispatch({ name: 'scalar_head_backward_params', code: backwardParamsCode, constants: { WG: WG_PARAMS, HAS_BIAS: db ? 1 : 0 } }, [dw, dbBinding, dvalues, rows, x, params], [ceilDiv(C + 1, WG_PARAMS)]),
  ];
}
