// Node's WebGPU: picks a Vulkan driver, loads Dawn (the `webgpu` package) and opens a device.
// Adapter choice (env GPT_LAB_ADAPTER): 'auto' (default) uses a real GPU's Vulkan driver when one is installed,
// else SwiftShader from Debian's chromium package; 'swiftshader' forces SwiftShader; 'gpu' never falls back.
// Dawn gets the toggles that expose shader-f16 on NVIDIA's Vulkan driver and subgroup matrices (DAWN_TOGGLES),
// merged with any the caller passes in GPT_LAB_DAWN_FLAGS; the features are then requested when offered
// (request-device.ts) and the matmul path follows from them (kernels/matmul/precision.ts).
// Used by the CLI, the benchmarks and every GPU test; dawnFlags is tested by node-gpu.test.ts.

import { existsSync, readdirSync } from 'node:fs';
import { openDevice, type OpenedDevice } from '../engine/gpu/request-device';
import { beforeExit } from './args';
import { GpuContext } from '../kernels/runtime/context';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const ICD_DIRS = ['/usr/local/nvidia/share/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d'];

/**
 * A real GPU's Vulkan ICD file, if both the driver and a GPU device node exist (Mesa installs ICD files for
 * Intel and AMD even on machines without those GPUs; SwiftShader and lavapipe never count).
 */
function findHardwareIcd(): string | undefined {
  const nvidia = existsSync('/dev/nvidiactl');
  const dri = existsSync('/dev/dri') && readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  if (!nvidia && !dri) return undefined;
  for (const dir of ICD_DIRS) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.json') || /swiftshader|lvp|lavapipe/i.test(f)) continue;
      if (nvidia ? /nvidia/i.test(f) : !/nvidia/i.test(f)) return `${dir}/${f}`;
    }
  }
  return undefined;
}

function chooseDriver(): void {
  const mode = process.env.GPT_LAB_ADAPTER ?? 'auto';
  if (!['auto', 'gpu', 'swiftshader'].includes(mode)) {
    throw new Error(`GPT_LAB_ADAPTER must be auto, gpu or swiftshader (got "${mode}")`);
  }
  if (process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES) {
    if (mode !== 'swiftshader') return; // the caller chose a driver explicitly
  }
  const hw = mode === 'swiftshader' ? undefined : findHardwareIcd();
  if (hw) {
    process.env.VK_DRIVER_FILES = hw;
    return;
  }
  if (mode === 'gpu') throw new Error('GPT_LAB_ADAPTER=gpu but no hardware Vulkan driver (ICD) was found');
  if (!existsSync(SWIFTSHADER_ICD)) {
    throw new Error(`No GPU driver and no SwiftShader (${SWIFTSHADER_ICD}); install Debian's chromium and libvulkan1 packages`);
  }
  delete process.env.VK_DRIVER_FILES;
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
}

/**
 * Dawn toggles (../shared/gpu/README.md, seen on an H200): allow_unsafe_apis exposes
 * chromium-experimental-subgroup-matrix, vulkan_enable_f16_on_nvidia exposes shader-f16 on NVIDIA's Vulkan
 * driver. They only add features; each one the engine uses is feature-detected, with an f32 fallback.
 */
export const DAWN_TOGGLES = ['allow_unsafe_apis', 'vulkan_enable_f16_on_nvidia'];
const FEATURES_FLAG = 'enable-dawn-features=';

/** The flags for Dawn's create(): the caller's (space-separated), with DAWN_TOGGLES added to its
 *  enable-dawn-features list (Dawn reads one such flag). */
export function dawnFlags(callerFlags: string): string[] {
  const flags = callerFlags.split(' ').filter(Boolean);
  const given = flags.filter((f) => f.startsWith(FEATURES_FLAG)).flatMap((f) => f.slice(FEATURES_FLAG.length).split(',')).filter(Boolean);
  const toggles = [...new Set([...given, ...DAWN_TOGGLES])];
  return [...flags.filter((f) => !f.startsWith(FEATURES_FLAG)), `${FEATURES_FLAG}${toggles.join(',')}`];
}

export interface NodeGpu extends OpenedDevice {
  ctx: GpuContext;
}

let opened: Promise<NodeGpu> | undefined;
/** Dawn's GPU instance must stay reachable: if it is garbage-collected, Dawn tears down the instance while
 * the device still polls it and the process aborts (seen as std::system_error in ProcessEvents). */
let dawnInstance: GPU | undefined;

/** Opens (once per process) the Node WebGPU device and a GpuContext on it. */
export function nodeGpu(): Promise<NodeGpu> {
  opened ??= (async () => {
    chooseDriver();
    if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = '/tmp';
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    dawnInstance = create(dawnFlags(process.env.GPT_LAB_DAWN_FLAGS ?? '')) as GPU;
    const dev = await openDevice(dawnInstance, (reason) => console.error(`GPU device lost: ${reason}`));
    dev.device.addEventListener('uncapturederror', (e) => console.error(`WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}`));
    const ctx = new GpuContext(dev.device);
    ctx.dumpWgsl = process.env.GPT_LAB_DUMP_WGSL === '1';
    // Before exiting, let submitted work finish (at most 10 s): Dawn aborts if the process exits under it.
    beforeExit.push(() => Promise.race([dev.device.queue.onSubmittedWorkDone(), new Promise<void>((r) => setTimeout(r, 10_000))]));
    return { ...dev, ctx };
  })();
  return opened;
}
