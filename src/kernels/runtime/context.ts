// GpuContext wraps a GPUDevice: tensor allocation, uniform buffers, a pipeline cache keyed by everything that
// went into the WGSL, and recorded dispatches that are replayed into one compute pass per step.
// The same class runs in a browser worker (navigator.gpu) and in Node (the `webgpu` package).
// Tested by runtime/context.test.ts and, indirectly, by every kernel test.

import { alignUp, numel, type DType, type Tensor } from './tensor';

/** How long a failed readback waits for the device's `lost` promise before reporting the bare failure. */
const LOST_GRACE_MS = 200;

/** One recorded compute dispatch: built once when a plan is made, encoded every step. */
export interface Dispatch {
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly workgroups: readonly [number, number, number];
}

/** What a kernel launcher asks the context to compile. Everything interpolated into `code` must be in it. */
export interface KernelSource {
  /** Shown in labels and error messages, e.g. 'matmul_nt_64x64'. */
  readonly name: string;
  readonly code: string;
  readonly entryPoint?: string;
  /** Values for WGSL `override` constants. */
  readonly constants?: Record<string, number>;
}

/** A tensor handed out by sharedTensor: freed with the last owner scope that asked for it, unless pinned. */
interface SharedTensor {
  readonly label: string;
  readonly tensor: Tensor;
  /** The trackBuffers lists it was recorded in; destroyBuffers(list) removes that list. */
  readonly owners: Set<readonly GPUBuffer[]>;
  /** Asked for outside any trackBuffers scope: lives as long as the context. */
  pinned: boolean;
}

/** A binding is a whole tensor view or a uniform buffer made by `uniform()`. */
export type Binding = Tensor | GPUBuffer;

/** A field of a uniform struct: 'u32' | 'i32' | 'f32', packed 4 bytes each in order. */
export type UniformField = readonly ['u32' | 'i32' | 'f32', number];

export const STORAGE_USAGE = GPUBufferUsageFlags().STORAGE | GPUBufferUsageFlags().COPY_SRC | GPUBufferUsageFlags().COPY_DST;

/** GPUBufferUsage exists as a global in browsers and, after installing the `webgpu` globals, in Node. */
function GPUBufferUsageFlags(): typeof GPUBufferUsage {
  const g = globalThis as unknown as { GPUBufferUsage?: typeof GPUBufferUsage };
  if (g.GPUBufferUsage) return g.GPUBufferUsage;
  // Spec values, for code that imports this module before the Node globals are installed.
  return { MAP_READ: 1, MAP_WRITE: 2, COPY_SRC: 4, COPY_DST: 8, INDEX: 16, VERTEX: 32, UNIFORM: 64, STORAGE: 128, INDIRECT: 256, QUERY_RESOLVE: 512 } as typeof GPUBufferUsage;
}

export class GpuContext {
  readonly device: GPUDevice;
  /** When true, every newly compiled shader's WGSL is printed (debug switch: GPT_LAB_DUMP_WGSL=1 in Node). */
  dumpWgsl = false;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly modules = new Map<string, GPUShaderModule>();
  private bytesAllocated = 0;
  private buffersLive = 0;
  /** Open buffer-tracking scopes (see trackBuffers): every allocation is recorded in each. */
  private scopes = new Set<GPUBuffer[]>();
  /** Shared tensors by label and by buffer (see sharedTensor). */
  private readonly shared = new Map<string, SharedTensor>();
  private readonly sharedByBuffer = new WeakMap<GPUBuffer, SharedTensor>();
  /** Buffers counted in bytesAllocated and not destroyed yet. */
  private readonly live = new WeakSet<GPUBuffer>();
  private lostError: Error | undefined;

  constructor(device: GPUDevice) {
    this.device = device;
    device.lost.then((info) => {
      this.lostError = new Error(`the GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''})`);
    });
  }

  /**
   * Set once the device is lost (destroyed, driver reset, out of memory): what the error was, for whoever next
   * uses the context to throw instead of waiting on a device that will never answer. WebGPU reports the loss
   * asynchronously (a microtask after device.destroy() in Dawn).
   */
  get lost(): Error | undefined {
    return this.lostError;
  }

  get limits(): GPUSupportedLimits {
    return this.device.limits;
  }

  /** Bytes of the buffers this context allocated and has not destroyed yet (for memory figures). */
  get allocatedBytes(): number {
    return this.bytesAllocated;
  }

  /** How many buffers this context allocated and has not destroyed yet (leak checks). */
  get liveBuffers(): number {
    return this.buffersLive;
  }

  /** A compute pipeline for `src`, compiled once and cached by name, code, entry point and constants. */
  pipeline(src: KernelSource): GPUComputePipeline {
    const entryPoint = src.entryPoint ?? 'main';
    const constants = src.constants ?? {};
    const constKey = Object.keys(constants).sort().map((k) => `${k}=${constants[k]}`).join(',');
    const key = `${src.name}|${entryPoint}|${constKey}|${src.code}`;
    let p = this.pipelines.get(key);
    if (p) return p;
    let module = this.modules.get(src.code);
    if (!module) {
      if (this.dumpWgsl) console.log(`// ---- WGSL ${src.name} ----\n${src.code}`);
      module = this.device.createShaderModule({ label: src.name, code: src.code });
      this.modules.set(src.code, module);
    }
    p = this.device.createComputePipeline({
      label: `${src.name}:${entryPoint}${constKey ? `[${constKey}]` : ''}`,
      layout: 'auto',
      compute: { module, entryPoint, constants },
    });
    this.pipelines.set(key, p);
    return p;
  }

  /** A new buffer-backed tensor, zero-filled (WebGPU zero-initializes buffers). */
  tensor(label: string, shape: readonly number[], dtype: DType = 'f32'): Tensor {
    const length = numel(shape);
    const buffer = this.buffer(label, Math.max(4, length * 4));
    return { label, buffer, offset: 0, length, shape, dtype };
  }

  /**
   * A tensor shared by every caller on this context that asks for the same label and shape (a kernel's scratch
   * reused across plans, e.g. matmul's split-K partials). Every trackBuffers scope open at the call becomes an
   * owner (the buffer is recorded in it once), and the tensor is freed when destroyBuffers has been called with
   * the list of each of its owners: destroying one model never frees a buffer that another model's plan still
   * binds, and destroying the last one leaves nothing behind. Asked for outside any scope, it is pinned: it
   * lives as long as the context.
   */
  sharedTensor(label: string, shape: readonly number[]): Tensor {
    let e = this.shared.get(label);
    if (!e) {
      const open = this.scopes;
      this.scopes = new Set();
      try {
        e = { label, tensor: this.tensor(label, shape), owners: new Set(), pinned: false };
      } finally {
        this.scopes = open;
      }
      this.shared.set(label, e);
      this.sharedByBuffer.set(e.tensor.buffer, e);
    }
    const t = e.tensor;
    if (t.shape.join(',') !== shape.join(',')) throw new Error(`sharedTensor ${label}: shape [${shape}] differs from the shared tensor's [${t.shape}]`);
    if (this.scopes.size === 0) e.pinned = true;
    for (const list of this.scopes) {
      if (e.owners.has(list)) continue;
      e.owners.add(list);
      list.push(t.buffer);
    }
    return t;
  }

  /** A tensor holding `data`. */
  tensorFrom(label: string, shape: readonly number[], data: Float32Array | Uint32Array | Int32Array): Tensor {
    const dtype: DType = data instanceof Float32Array ? 'f32' : data instanceof Uint32Array ? 'u32' : 'i32';
    const t = this.tensor(label, shape, dtype);
    if (data.length !== t.length) throw new Error(`tensorFrom ${label}: ${data.length} values for shape [${shape}]`);
    this.write(t, data);
    return t;
  }

  /** A raw storage buffer; size is rounded up to 16 bytes. */
  buffer(label: string, bytes: number, usage: number = STORAGE_USAGE): GPUBuffer {
    const size = alignUp(bytes, 16);
    const max = this.device.limits.maxBufferSize;
    if (size > max) throw new Error(`${label}: ${size} bytes exceeds this adapter's maxBufferSize (${max} bytes)`);
    return this.created(this.device.createBuffer({ label, size, usage }));
  }

  /** A uniform buffer holding `fields` packed as 4-byte values (pad to 16 bytes as WGSL requires). */
  uniform(label: string, fields: readonly UniformField[]): GPUBuffer {
    const bytes = alignUp(Math.max(16, fields.length * 4), 16);
    const data = new ArrayBuffer(bytes);
    const view = new DataView(data);
    fields.forEach(([type, value], i) => {
      if (type === 'f32') view.setFloat32(i * 4, value, true);
      else if (type === 'i32') view.setInt32(i * 4, value, true);
      else view.setUint32(i * 4, value, true);
    });
    const buf = this.created(this.device.createBuffer({ label, size: bytes, usage: GPUBufferUsageFlags().UNIFORM | GPUBufferUsageFlags().COPY_DST }));
    this.device.queue.writeBuffer(buf, 0, data);
    return buf;
  }

  /**
   * Starts recording every buffer this context allocates (tensors, raw buffers, uniforms) until `stop()`, which
   * returns them: an owner (a model, an optimizer) records its allocations and later frees them with
   * `destroyBuffers`. Scopes may nest; an allocation is recorded in every open scope.
   */
  trackBuffers(): { stop(): GPUBuffer[] } {
    const list: GPUBuffer[] = [];
    this.scopes.add(list);
    return {
      stop: () => {
        this.scopes.delete(list);
        return list;
      },
    };
  }

  /**
   * Destroys buffers recorded by `trackBuffers` and takes them out of `allocatedBytes` (each once). A shared
   * tensor in the list is only released by this owner (pass the list `stop()` returned): it is destroyed with
   * its last owner (see sharedTensor).
   */
  destroyBuffers(buffers: readonly GPUBuffer[]): void {
    for (const b of buffers) {
      const e = this.sharedByBuffer.get(b);
      if (e) this.release(e, buffers);
      else this.free(b);
    }
  }

  /** Counts a new buffer in `allocatedBytes` and records it in every open tracking scope. */
  private created(buf: GPUBuffer): GPUBuffer {
    this.bytesAllocated += buf.size;
    this.buffersLive++;
    this.live.add(buf);
    for (const list of this.scopes) list.push(buf);
    return buf;
  }

  private free(b: GPUBuffer): void {
    if (this.live.delete(b)) {
      this.bytesAllocated -= b.size;
      this.buffersLive--;
    }
    b.destroy();
  }

  /** Drops `owner` from a shared tensor's owners; frees the tensor when it was the last and it is not pinned. */
  private release(e: SharedTensor, owner: readonly GPUBuffer[]): void {
    if (!e.owners.delete(owner) || e.owners.size > 0 || e.pinned) return;
    this.shared.delete(e.label);
    this.sharedByBuffer.delete(e.tensor.buffer);
    this.free(e.tensor.buffer);
  }

  /** Records a dispatch: bindings are bound in order as @binding(0), @binding(1), ... of @group(0). */
  dispatch(src: KernelSource, bindings: readonly Binding[], workgroups: readonly [number, number?, number?]): Dispatch {
    const pipeline = this.pipeline(src);
    const [x, y = 1, z = 1] = workgroups;
    const maxWg = this.device.limits.maxComputeWorkgroupsPerDimension;
    if (x > maxWg || y > maxWg || z > maxWg) {
      throw new Error(`${src.name}: dispatch (${x}, ${y}, ${z}) exceeds maxComputeWorkgroupsPerDimension ${maxWg}`);
    }
    const entries: GPUBindGroupEntry[] = bindings.map((b, binding) =>
      isTensor(b) ? { binding, resource: { buffer: b.buffer, offset: b.offset, size: alignUp(Math.max(4, b.length * 4), 4) } } : { binding, resource: { buffer: b } },
    );
    const bindGroup = this.device.createBindGroup({ label: src.name, layout: pipeline.getBindGroupLayout(0), entries });
    return { label: src.name, pipeline, bindGroup, workgroups: [x, y, z] };
  }

  /** Encodes `dispatches` into one compute pass of `encoder`. */
  encode(encoder: GPUCommandEncoder, dispatches: readonly Dispatch[], label = 'step'): void {
    const pass = encoder.beginComputePass({ label });
    for (const d of dispatches) {
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
    }
    pass.end();
  }

  /** Encodes and submits `dispatches` in one command encoder; does not wait. */
  run(dispatches: readonly Dispatch[], label = 'run'): void {
    const encoder = this.device.createCommandEncoder({ label });
    this.encode(encoder, dispatches, label);
    this.device.queue.submit([encoder.finish()]);
  }

  write(t: Tensor, data: Float32Array | Uint32Array | Int32Array, elementOffset = 0): void {
    if (elementOffset + data.length > t.length) throw new Error(`write ${t.label}: ${data.length} values at ${elementOffset} overflow ${t.length}`);
    this.device.queue.writeBuffer(t.buffer, t.offset + elementOffset * 4, data.buffer, data.byteOffset, data.byteLength);
  }

  /** Reads a tensor back (waits for all submitted work). Not for use inside a training step. */
  async read(t: Tensor): Promise<Float32Array> {
    const bytes = await this.readBytes(t.buffer, t.offset, t.length * 4);
    return new Float32Array(bytes);
  }

  async readU32(t: Tensor): Promise<Uint32Array> {
    return new Uint32Array(await this.readBytes(t.buffer, t.offset, t.length * 4));
  }

  async readBytes(buffer: GPUBuffer, offset: number, bytes: number): Promise<ArrayBuffer> {
    const size = alignUp(bytes, 4);
    const staging = this.device.createBuffer({ label: 'readback', size, usage: GPUBufferUsageFlags().MAP_READ | GPUBufferUsageFlags().COPY_DST });
    const encoder = this.device.createCommandEncoder({ label: 'readback' });
    encoder.copyBufferToBuffer(buffer, offset, staging, 0, size);
    this.device.queue.submit([encoder.finish()]);
    try {
      await this.mapRead(staging, `reading ${buffer.label || 'a buffer'} back from the GPU`);
      return staging.getMappedRange().slice(0, bytes);
    } finally {
      staging.destroy();
    }
  }

  /**
   * Maps a MAP_READ buffer, or throws an error that says what was being read and why it failed: the device's
   * loss when it was lost (mapAsync itself rejects with a bare AbortError then).
   */
  async mapRead(staging: GPUBuffer, what: string): Promise<void> {
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (e) {
      // A destroyed or lost device rejects pending maps before its `lost` promise settles: wait a moment for it,
      // so the message names the loss rather than the aborted map.
      if (!this.lostError) await Promise.race([this.device.lost, new Promise((r) => setTimeout(r, LOST_GRACE_MS))]);
      const why = this.lostError?.message ?? (e instanceof Error ? e.message || e.name : String(e));
      throw new Error(`${what} failed: ${why}`, { cause: e });
    }
  }

  /** Resolves when the GPU has finished everything submitted so far. */
  async sync(): Promise<void> {
    await this.device.queue.onSubmittedWorkDone();
  }
}

export function isTensor(b: Binding): b is Tensor {
  return (b as Tensor).shape !== undefined && (b as Tensor).buffer !== undefined;
}

/** A rectangular grid of workgroups covering `count` groups within the per-dimension limit. */
export function grid(count: number, maxPerDim = 65535): [number, number] {
  if (count <= maxPerDim) return [Math.max(1, count), 1];
  const y = Math.ceil(count / maxPerDim);
  return [Math.ceil(count / y), y];
}

export function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

/**
 * Invocations for a kernel that reduces one row of `n` values per workgroup: about four values per invocation,
 * a power of two in [32, 256]. Small rows get small workgroups (fewer idle invocations and barrier rounds:
 * it matters most on CPU adapters), wide rows the full 256.
 */
export function rowWorkgroupSize(n: number): number {
  let wg = 32;
  while (wg < 256 && wg * 4 < n) wg *= 2;
  return wg;
}
