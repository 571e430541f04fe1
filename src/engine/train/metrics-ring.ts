// Asynchronous readback of the small metrics buffer: each step copies it into a free staging buffer of a
// small ring and maps that buffer without waiting; values are delivered when the GPU gets there. If every
// staging buffer is still in flight, `acquire` waits for the oldest (backpressure, not a round trip inside a step).
// Tested through trainer.test.ts.

import type { GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';

export class MetricsRing {
  private readonly free: GPUBuffer[] = [];
  private readonly inFlight: Promise<void>[] = [];
  private readonly source: Tensor;

  constructor(ctx: GpuContext, source: Tensor, slots = 4) {
    this.source = source;
    for (let i = 0; i < slots; i++) {
      this.free.push(ctx.device.createBuffer({ label: `metrics.staging${i}`, size: source.length * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }));
    }
  }

  /** A free staging buffer, waiting for the oldest in-flight read if none is free. */
  async acquire(): Promise<GPUBuffer> {
    while (this.free.length === 0) await this.inFlight[0];
    return this.free.pop()!;
  }

  /** Records the copy of the metrics into `staging`; call `deliver` after the encoder is submitted. */
  capture(encoder: GPUCommandEncoder, staging: GPUBuffer): void {
    encoder.copyBufferToBuffer(this.source.buffer, this.source.offset, staging, 0, this.source.length * 4);
  }

  /** Maps `staging` after the GPU finished the step and hands its values to `onValues`. */
  deliver(staging: GPUBuffer, onValues: (values: Float32Array) => void): void {
    const p = staging.mapAsync(GPUMapMode.READ).then(() => {
      const values = new Float32Array(staging.getMappedRange().slice(0));
      staging.unmap();
      this.free.push(staging);
      this.inFlight.splice(this.inFlight.indexOf(p), 1);
      onValues(values);
    });
    this.inFlight.push(p);
  }

  /** Resolves when every step captured before this call has been delivered (not later ones: a caller running
   *  beside a training loop, e.g. a probe, must not wait for a queue that keeps refilling). */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  destroy(): void {
    this.free.forEach((b) => b.destroy());
  }
}
