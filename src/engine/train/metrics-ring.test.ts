// MetricsRing on the Node WebGPU adapter: values come back in order; a slot acquired for a step that failed
// before submitting is released (so acquire never waits forever); a rejected readback becomes `error`, which the
// next acquire throws instead of hanging; destroy frees slots in flight too.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { MetricsRing } from './metrics-ring';

describe.sequential('MetricsRing', () => {
  it('delivers values, takes back released slots and never hangs after a failed readback', async () => {
    const ctx = await testCtx();
    const source = ctx.tensorFrom('metrics', [4], Float32Array.of(1, 2, 3, 4));
    const ring = new MetricsRing(ctx, source, 2);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await ring.acquire();
      const enc = ctx.device.createCommandEncoder();
      ring.capture(enc, s);
      ctx.device.queue.submit([enc.finish()]);
      ring.deliver(s, (v) => got.push(v[i]));
    }
    await ring.drain();
    expect(got).toEqual([1, 2, 3]);

    // Two acquires without delivery, then releases: the ring is whole again.
    const a = await ring.acquire();
    const b = await ring.acquire();
    ring.release(a);
    ring.release(b);
    const c = await ring.acquire();

    // A readback that cannot map (the buffer was destroyed) is reported, and acquire throws rather than waits.
    c.destroy();
    ring.deliver(c, () => {});
    await ring.drain();
    expect(ring.error?.message).toMatch(/reading the step's metrics back from the GPU failed/);
    await expect(ring.acquire()).rejects.toThrow(/failed/);
    ring.destroy();
    ctx.destroyBuffers([source.buffer]);
  });
});
