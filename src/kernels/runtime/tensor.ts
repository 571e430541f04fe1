// A Tensor is a typed view of a range of a GPUBuffer: the unit every kernel launcher takes.
// Offsets are in bytes and always a multiple of 256 (minStorageBufferOffsetAlignment), so a view can be
// bound directly as a storage binding. Tested through every kernel test and runtime/context.test.ts.

export type DType = 'f32' | 'u32' | 'i32';

export interface Tensor {
  readonly label: string;
  readonly buffer: GPUBuffer;
  /** Byte offset into `buffer`, a multiple of 256. */
  readonly offset: number;
  /** Number of elements (4 bytes each). */
  readonly length: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** Bytes every binding offset is aligned to (the WebGPU default for minStorageBufferOffsetAlignment). */
export const BINDING_ALIGN = 256;

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

export function byteSize(t: Tensor): number {
  return t.length * 4;
}

/** A view of `t` with another shape and the same elements. */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  if (numel(shape) !== t.length) {
    throw new Error(`reshape ${t.label}: [${t.shape}] has ${t.length} elements, [${shape}] has ${numel(shape)}`);
  }
  return { ...t, shape };
}

/** Throws a clear error unless `t` has exactly `shape` (use -1 for "any"). */
export function expectShape(kernel: string, name: string, t: Tensor, shape: readonly number[]): void {
  const ok = t.shape.length === shape.length && shape.every((d, i) => d === -1 || d === t.shape[i]);
  if (!ok) {
    throw new Error(`${kernel}: ${name} (${t.label}) has shape [${t.shape}], expected [${shape.map((d) => (d === -1 ? '*' : d))}]`);
  }
}

/** Throws unless `t` holds exactly `n` elements. */
export function expectLength(kernel: string, name: string, t: Tensor, n: number): void {
  if (t.length !== n) throw new Error(`${kernel}: ${name} (${t.label}) has ${t.length} elements, expected ${n}`);
}
