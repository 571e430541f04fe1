// Test helpers: the shared Node WebGPU context and numeric comparison with per-op tolerances.
// GPU tests call `testGpu()`; in CI it opens SwiftShader, and a missing adapter fails the test (never skips).

import { expect } from 'vitest';
import { nodeGpu } from '../cli/node-gpu';
import { setPrecision } from '../kernels/matmul/precision';
import type { GpuContext } from '../kernels/runtime/context';

/** The shared context with f32 matmuls: the tests' tolerances are f32's, and on a GPU that offers shader-f16 the
 *  'auto' setting would take f16 inputs (tests of the mixed path choose it themselves). */
export async function testCtx(): Promise<GpuContext> {
  const { ctx } = await nodeGpu();
  setPrecision(ctx, 'f32');
  return ctx;
}

/** Runs `fn` and fails the test with WebGPU's message if it raised a validation or out-of-memory error. */
export async function noGpuErrors<T>(ctx: GpuContext, fn: () => Promise<T> | T): Promise<T> {
  ctx.device.pushErrorScope('validation');
  ctx.device.pushErrorScope('out-of-memory');
  const result = await fn();
  const oom = await ctx.device.popErrorScope();
  const validation = await ctx.device.popErrorScope();
  if (validation) throw new Error(`WebGPU validation error: ${validation.message}`);
  if (oom) throw new Error(`WebGPU out-of-memory error: ${oom.message}`);
  return result;
}

export interface Tolerance {
  atol: number;
  rtol: number;
}

/**
 * Asserts |got - want| <= atol + rtol * |want| elementwise (llm.c validate_result style) and reports the
 * worst element. NaN anywhere fails.
 */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance, what = 'values'): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  let worst = -1;
  let worstExcess = -Infinity;
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    const excess = Math.abs(g - w) - (tol.atol + tol.rtol * Math.abs(w));
    if (Number.isNaN(g) || Number.isNaN(w) || excess > worstExcess) {
      worstExcess = Number.isNaN(g) || Number.isNaN(w) ? Infinity : excess;
      worst = i;
    }
  }
  if (worstExcess > 0) {
    throw new Error(`${what}: element ${worst} is ${got[worst]}, expected ${want[worst]} (atol ${tol.atol}, rtol ${tol.rtol})`);
  }
}
