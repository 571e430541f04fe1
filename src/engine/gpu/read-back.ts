// Reads several tensor prefixes back from the GPU in one round trip: one staging buffer, one copy per range,
// one submit, one map. The probes need ~2L+2 tensors at once (separate reads would each wait for the queue),
// and a saved state needs parameters and AdamW moments copied in the same submission (a consistent snapshot).
// Outside any training step only. Tested through probe-runner.test.ts and src/workers/trainer-api.test.ts.

import type { GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';

export interface ReadRange {
  tensor: Tensor;
  /** First element to read (default 0). */
  offset?: number;
  /** Elements to read. */
  length: number;
}

/** Tensor prefixes (ranges from element 0). */
export function readPrefixes(ctx: GpuContext, ranges: readonly ReadRange[]): Promise<Float32Array[]> {
  return readRanges(ctx, ranges.map((r) => ({ ...r, offset: 0 })));
}

/** Element ranges of tensors, e.g. one logits row per sequence when sampling. */
export async function readRanges(ctx: GpuContext, ranges: readonly ReadRange[]): Promise<Float32Array[]> {
  const starts: number[] = [];
  let bytes = 0;
  for (const r of ranges) {
    const from = r.offset ?? 0;
    if (from < 0 || from + r.length > r.tensor.length) throw new Error(`readRanges: elements ${from}..${from + r.length} requested from ${r.tensor.label} (${r.tensor.length})`);
    starts.push(bytes);
    bytes += r.length * 4;
  }
  const staging = ctx.device.createBuffer({ label: 'probe readback', size: Math.max(4, bytes), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = ctx.device.createCommandEncoder({ label: 'probe readback' });
  ranges.forEach((r, i) => {
    if (r.length > 0) encoder.copyBufferToBuffer(r.tensor.buffer, r.tensor.offset + (r.offset ?? 0) * 4, staging, starts[i], r.length * 4);
  });
  ctx.device.queue.submit([encoder.finish()]);
  try {
    await ctx.mapRead(staging, 'reading tensors back from the GPU');
    const all = new Float32Array(staging.getMappedRange().slice(0));
    return ranges.map((r, i) => all.slice(starts[i] / 4, starts[i] / 4 + r.length));
  } finally {
    staging.destroy();
  }
}
