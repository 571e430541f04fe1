// Asynchronous readback of the small metrics buffer: each step copies it into a free staging buffer of a
// small ring and maps that buffer without waiting; values are delivered when the GPU gets there. If every
// staging buffer is still in flight, `acquire` waits for the oldest (backpressure, not a round trip inside a step).
// A slot always comes back: `release` returns one that was acquired but not delivered (the step failed before
// submitting), and a failed delivery (a rejected mapAsync, e.g. the device was lost, or a throwing callback)
// returns its slot unmapped and is kept as `error`, which `acquire` and `drain` then throw — so nothing waits
// forever. Tested by metrics-ring.test.ts and trainer-faults.test.ts.

import type { GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';

const READING = "reading the step's metrics back from the GPU";

export class MetricsRing {
  private failure: Error | undefined;
  private readonly ctx: GpuContext;
  private readonly slots: GPUBuffer[];
  private readonly free: GPUBuffer[] = [];
  private readonly inFlight: Promise<void>[] = [];
  private readonly source: Tensor;

  constructor(ctx: GpuContext, source: Tensor, slots = 4) {
    this.ctx = ctx;
    this.source = source;
    const scope = ctx.trackBuffers();
    for (let i = 0; i < slots; i++) ctx.buffer(`metrics.staging${i}`, source.length * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    this.slots = scope.stop();
    this.free.push(...this.slots);
  }

  /**
   * Set once a delivery failed; later acquires and drains throw it. When the device was lost, the loss is named
   * (a rejected mapAsync alone says only "AbortError").
   */
  get error(): Error | undefined {
    const lost = this.ctx.lost;
    if (!this.failure || !lost || this.failure.message.includes(lost.message)) return this.failure;
    return new Error(`${READING} failed: ${lost.message}`, { cause: this.failure });
  }

  /** Staging buffers neither in flight nor handed out (all of them once the ring is idle). */
  get freeSlots(): number {
    return this.free.length;
  }

  /** A free staging buffer, waiting for the oldest in-flight read if none is free. */
  async acquire(): Promise<GPUBuffer> {
    while (this.free.length === 0 && !this.failure) await this.inFlight[0];
    this.throwIfFailed();
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
    const p: Promise<void> = this.read(staging)
      .then(onValues)
      .catch((e: unknown) => {
        this.failure ??= e instanceof Error ? e : new Error(String(e));
      })
      .finally(() => {
        this.free.push(staging);
        this.inFlight.splice(this.inFlight.indexOf(p), 1);
      });
    this.inFlight.push(p);
  }

  /** Resolves when every step captured before this call has been delivered (not later ones: a caller running
   *  beside a training loop, e.g. a probe, must not wait for a queue that keeps refilling); throws `error` if a
   *  delivery failed. */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  /** Destroys every staging buffer, in flight or not. */
  destroy(): void {
    this.ctx.destroyBuffers(this.slots);
  }

  private throwIfFailed(): void {
    const e = this.error;
    if (e) throw e;
  }

  /** The metrics in a staging buffer, which is left unmapped whatever happens. */
  private async read(staging: GPUBuffer): Promise<Float32Array> {
    await this.ctx.mapRead(staging, READING);
    try {
      return new Float32Array(staging.getMappedRange(0, this.source.length * 4).slice(0));
    } finally {
      staging.unmap();
    }
  }
}
