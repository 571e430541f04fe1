// MetricsRing on the Node WebGPU adapter: values come back in order; a slot acquired for a step that failed
// before submitting is released (so acquire never waits forever); a rejected readback (a destroyed buffer, or a
// mapAsync made to reject once) or a throwing callback becomes `error`, which the next acquire and drain throw
// instead of hanging, with every slot back in the ring and unmapped; destroy frees slots in flight too.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import type { GpuContext } from '../../kernels/runtime/context';
import { MetricsRing } from './metrics-ring';

/** Captures the source into a free slot, submits, and delivers it to `onValues`; returns the slot. */
async function captureStep(ctx: GpuContext, ring: MetricsRing, onValues: (v: Float32Array) => void): Promise<GPUBuffer> {
  const s = await ring.acquire();
  const enc = ctx.device.createCommandEncoder();
  ring.capture(enc, s);
  ctx.device.queue.submit([enc.finish()]);
  ring.deliver(s, onValues);
  return s;
}

describe.sequential('MetricsRing', () => {
  it('delivers values, takes back released slots and never hangs after a failed readback', async () => {
    const ctx = await testCtx();
    const before = ctx.liveBuffers;
    const source = ctx.tensorFrom('metrics', [4], Float32Array.of(1, 2, 3, 4));
    const ring = new MetricsRing(ctx, source, 2);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) await captureStep(ctx, ring, (v) => got.push(v[i]));
    await ring.drain();
    expect(got).toEqual([1, 2, 3]);
    expect(ring.freeSlots).toBe(2);

    // Two acquires without delivery, then releases: the ring is whole again.
    const a = await ring.acquire();
    const b = await ring.acquire();
    ring.release(a);
    ring.release(b);
    const c = await ring.acquire();

    // A readback that cannot map (the buffer was destroyed) is reported, and acquire and drain throw rather than wait.
    c.destroy();
    ring.deliver(c, () => {});
    await expect(ring.drain()).rejects.toThrow(/reading the step's metrics back from the GPU failed/);
    await expect(ring.acquire()).rejects.toThrow(/failed/);
    expect(ring.freeSlots).toBe(2);
    ring.destroy();
    ctx.destroyBuffers([source.buffer]);
    expect(ctx.liveBuffers).toBe(before);
  });

  it('turns a mapAsync that rejects once into an error, with every slot back and unmapped', async () => {
    const ctx = await testCtx();
    const source = ctx.tensorFrom('metrics', [4], Float32Array.of(5, 6, 7, 8));
    const ring = new MetricsRing(ctx, source, 3);
    const got: number[] = [];
    await captureStep(ctx, ring, (v) => got.push(v[0]));
    const staging = await ring.acquire();
    ring.release(staging);
    const map = staging.mapAsync;
    let injected = 0;
    staging.mapAsync = () => {
      staging.mapAsync = map; // once
      injected++;
      return Promise.reject(new DOMException('injected map failure', 'OperationError'));
    };
    // Slots are taken last-in first-out: the next step gets `staging`, whose map rejects; one more step follows.
    const slots = [await captureStep(ctx, ring, (v) => got.push(v[1])), await captureStep(ctx, ring, (v) => got.push(v[2]))];
    expect(slots[0]).toBe(staging);
    await expect(ring.drain()).rejects.toThrow("reading the step's metrics back from the GPU failed: injected map failure");
    expect(injected).toBe(1);
    expect(got).toEqual([5, 7]); // the step after the failure still delivered
    expect(ring.freeSlots).toBe(3);
    await expect(ring.acquire()).rejects.toThrow(/injected map failure/);
    expect(staging.mapState).toBe('unmapped');

    // A callback that throws is kept as the error too, and its slot comes back unmapped.
    const ring2 = new MetricsRing(ctx, source, 1);
    const s = await captureStep(ctx, ring2, () => {
      throw new Error('callback failed');
    });
    await expect(ring2.drain()).rejects.toThrow('callback failed');
    expect(ring2.freeSlots).toBe(1);
    expect(s.mapState).toBe('unmapped');
    ring.destroy();
    ring2.destroy();
    ctx.destroyBuffers([source.buffer]);
  });
});
