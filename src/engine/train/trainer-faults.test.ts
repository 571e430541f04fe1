// GPU faults in the middle of training, on the Node WebGPU adapter: (a) a metrics readback whose mapAsync rejects
// (injected once) makes the trainer's next flush and step reject with the readback's error, and destroy() still
// frees every buffer of the run; (b) device.destroy() while steps are in flight, on a device of its own (the
// shared test device stays up), makes the next flush, step and read reject naming the lost device. None may hang:
// each test has a timeout far below vitest's default.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GpuContext } from '../../kernels/runtime/context';
import { testCtx } from '../../test/gpu';
import { splitCorpus } from '../data/corpus';
import { openDevice } from '../gpu/request-device';
import { getPreset, presetTrainConfig } from '../presets';
import { Trainer } from './trainer';

const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8').slice(0, 20_000);
const tiny = getPreset('tiny');
const TIMEOUT_MS = 60_000;

function makeTrainer(ctx: GpuContext): Trainer {
  return new Trainer(ctx, { model: tiny.model, train: presetTrainConfig(tiny, { steps: 8, seed: 3 }), corpus: splitCorpus(text, tiny.model.blockSize), maxInFlight: 2 });
}

/** Makes the next mapAsync of a metrics staging buffer reject; returns how to undo it and how often it fired. */
function rejectNextStagingMap(): { restore(): void; fired(): number } {
  const proto = GPUBuffer.prototype;
  const original = proto.mapAsync;
  let fired = 0;
  proto.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
    if (fired === 0 && this.label.startsWith('metrics.staging')) {
      fired++;
      return Promise.reject(new DOMException('injected map failure', 'OperationError'));
    }
    return original.apply(this, args);
  };
  return { restore: () => void (proto.mapAsync = original), fired: () => fired };
}

/** Dawn's instance for the dedicated device, kept reachable while its device lives (see cli/node-gpu.ts). */
let dedicatedGpu: GPU | undefined;

/** A GpuContext on a device of its own, that a test may destroy. */
async function dedicatedCtx(): Promise<GpuContext> {
  await testCtx(); // chooses the Vulkan driver and installs the WebGPU globals
  const { create } = await import('webgpu');
  dedicatedGpu ??= create([]) as GPU;
  const { device } = await openDevice(dedicatedGpu);
  return new GpuContext(device);
}

describe.sequential('training through GPU faults', () => {
  it('a rejected metrics readback makes the next flush and step reject, and leaks nothing', async () => {
    const ctx = await testCtx();
    const before = { bytes: ctx.allocatedBytes, buffers: ctx.liveBuffers };
    const trainer = makeTrainer(ctx);
    await trainer.step();
    await trainer.flush();
    const inject = rejectNextStagingMap();
    try {
      await trainer.step(); // its readback is the one that fails
    } finally {
      inject.restore();
    }
    expect(inject.fired()).toBe(1);
    const readback = /reading the step's metrics back from the GPU failed: injected map failure/;
    await expect(trainer.flush()).rejects.toThrow(readback);
    await expect(trainer.step()).rejects.toThrow(readback);
    expect(() => trainer.throwIfDiverged()).toThrow(readback);
    await expect(trainer.evaluate(1)).rejects.toThrow(readback);
    expect(trainer.stepsTaken).toBe(2);
    trainer.destroy();
    expect({ bytes: ctx.allocatedBytes, buffers: ctx.liveBuffers }).toEqual(before);
  }, TIMEOUT_MS);

  it('device.destroy() with steps in flight makes the next flush and step reject naming the lost device', async () => {
    const ctx = await dedicatedCtx();
    const trainer = makeTrainer(ctx);
    await trainer.step();
    await trainer.flush();
    await trainer.step();
    await trainer.step(); // two steps in flight
    ctx.device.destroy();
    const lost = /the GPU device was lost \(destroyed/;
    await expect(trainer.flush()).rejects.toThrow(lost);
    await expect(trainer.step()).rejects.toThrow(lost);
    expect(() => trainer.throwIfDiverged()).toThrow(lost);
    expect(trainer.stepsTaken).toBe(3);
    await expect(ctx.read(trainer.model.metrics)).rejects.toThrow(/reading metrics back from the GPU failed: the GPU device was lost/);
    trainer.destroy(); // freeing buffers of a lost device is allowed

    // The shared test device is unaffected.
    const shared = await testCtx();
    const t = shared.tensorFrom('after', [2], Float32Array.of(4, 2));
    expect(Array.from(await shared.read(t))).toEqual([4, 2]);
    shared.destroyBuffers([t.buffer]);
  }, TIMEOUT_MS);
});
