// Per-kernel GPU time for one training step: each dispatch in its own compute pass with timestamp queries
// when the adapter offers 'timestamp-query', else each dispatch submitted alone and timed on the host
// (coarser: includes submission overhead). Used by bench.ts.

import type { Dispatch, GpuContext } from '../kernels/runtime/context';

export interface KernelTime {
  name: string;
  calls: number;
  ms: number;
}

export async function timeKernels(ctx: GpuContext, dispatches: readonly Dispatch[], useTimestamps: boolean): Promise<{ method: string; kernels: KernelTime[] }> {
  const perDispatch = useTimestamps ? await timestampTimes(ctx, dispatches) : await hostTimes(ctx, dispatches);
  const byName = new Map<string, KernelTime>();
  dispatches.forEach((d, i) => {
    const k = byName.get(d.label) ?? { name: d.label, calls: 0, ms: 0 };
    k.calls++;
    k.ms += perDispatch[i];
    byName.set(d.label, k);
  });
  const kernels = [...byName.values()].sort((a, b) => b.ms - a.ms);
  return { method: useTimestamps ? 'timestamp-query' : 'host timing per dispatch', kernels };
}

async function timestampTimes(ctx: GpuContext, dispatches: readonly Dispatch[]): Promise<number[]> {
  const { device } = ctx;
  const out: number[] = [];
  const chunk = 1024;
  for (let start = 0; start < dispatches.length; start += chunk) {
    const part = dispatches.slice(start, start + chunk);
    const count = part.length * 2;
    const querySet = device.createQuerySet({ type: 'timestamp', count });
    const resolve = device.createBuffer({ size: count * 8, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    const read = device.createBuffer({ size: count * 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = device.createCommandEncoder({ label: 'kernel timing' });
    part.forEach((d, i) => {
      const pass = encoder.beginComputePass({ label: d.label, timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(...(d.workgroups as [number, number, number]));
      pass.end();
    });
    encoder.resolveQuerySet(querySet, 0, count, resolve, 0);
    encoder.copyBufferToBuffer(resolve, 0, read, 0, count * 8);
    device.queue.submit([encoder.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const ts = new BigUint64Array(read.getMappedRange().slice(0));
    read.unmap();
    for (let i = 0; i < part.length; i++) out.push(Number(ts[2 * i + 1] - ts[2 * i]) / 1e6);
    querySet.destroy();
    resolve.destroy();
    read.destroy();
  }
  return out;
}

async function hostTimes(ctx: GpuContext, dispatches: readonly Dispatch[]): Promise<number[]> {
  const out: number[] = [];
  for (const d of dispatches) {
    const t0 = performance.now();
    ctx.run([d], d.label);
    await ctx.sync();
    out.push(performance.now() - t0);
  }
  return out;
}
