// Asynchronous readback of the small metrics buffer: each step copies it into a free staging buffer of a
// small ring and maps that buffer without waiting; values are delivered when the GPU gets there. If every
// staging buffer is still in flight, `acquire` waits for the oldest (backpressure, not a round trip inside a step).
// A slot always comes back: `release` returns one that was acquired but not delivered (the step failed before
// submitting), and a rejected mapAsync (device lost) returns its slot and is kept as `error`, which `acquire`
// then throws — so nothing waits forever. Tested by metrics-ring.test.ts and trainer.test.ts.

import type { GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';

export class MetricsRing {
  /** Set once a readback failed (e.g. the device was lost); later acquires throw it. */
  error: Error | undefined;
  private readonly slots: GPUBuffer[] = [];
  private readonly free: GPUBuffer[] = [];
  private readonly inFlight: Promise<void>[] = [];
  private readonly source: Tensor;

  constructor(ctx: GpuContext, source: Tensor, slots = 4) {
    this.source = source;
    for (let i = 0; i < slots; i++) {
      this.slots.push(ctx.device.createBuffer({ label: `metrics.staging${i}`, size: source.length * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
    }
    this.free.push(...this.slots);
  }

  /** A free staging buffer, waiting for the oldest in-flight read if none is free. */
  async acquire(): Promise<GPUBuffer> {
    while (this.free.length === 0 && !this.error) await this.inFlight[0];
    if (this.error) throw this.error;
    return this.free.pop()!;
  }

  /** Gives back a slot that was acquired but will not be delivered (the step failed before its submit). */
  release(staging: GPUBuffer): void {
    if (!this.free.includes(staging)) this.free.push(staging);
  }

  /** Records the copy of the metrics into `staging`; call `deliver` after the encoder is submitted. */
  capture(encoder: GPUCommandEncoder, staging: GPUBuffer): void {
    encoder.copyBufferToBuffer(this.source.buffer, this.source.offset, staging, 0, this.source.length * 4);
  }

  /** Maps `staging` after the GPU finished the step and hands its values to `onValues`. */
  deliver(staging: GPUBuffer, onValues: (values: Float32Array) => void): void {
    const p: Promise<void> = staging
      .mapAsync(GPUMapMode.READ)
      .then(() => {
        const values = new Float32Array(staging.getMappedRange().slice(0));
        staging.unmap();
        onValues(values);
      })
      .catch((e: unknown) => {
        this.error ??= new Error(`reading the step's metrics back from the GPU failed: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.free.push(staging);
        this.inFlight.splice(this.inFlight.indexOf(p), 1);
      });
    this.inFlight.push(p);
  }

  /** Resolves when every step captured before this call has been delivered (not later ones: a caller running
   *  beside a training loop, e.g. a probe, must not wait for a queue that keeps refilling). */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  /** Destroys every staging buffer, in flight or not. */
  destroy(): void {
    this.slots.forEach((b) => b.destroy());
  }
}
