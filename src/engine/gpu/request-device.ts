// Opens a GPUDevice from any `GPU` object (navigator.gpu in a browser or worker, the `webgpu` package in Node)
// with the adapter's highest buffer and workgroup limits, so model size is bounded by the hardware, not by
// WebGPU's conservative defaults, and the optional features the engine can use (shader-f16 and subgroup
// matrices for the mixed-precision matmuls: kernels/matmul/precision.ts). Tested by every GPU test (they all
// open their device through this) and, for the feature choice, by kernels/matmul/matmul-f16.test.ts.

import { adapterCaps, pathSupport } from '../../kernels/matmul/precision';

export interface OpenedDevice {
  device: GPUDevice;
  adapter: GPUAdapter;
  /** Human-readable adapter name, e.g. "nvidia (vulkan)" or "google swiftshader". */
  adapterName: string;
  features: string[];
}

/** Limits raised from the WebGPU defaults to what the adapter allows. */
const RAISED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxStorageBuffersPerShaderStage',
] as const;

/** Optional features used when present; every path that uses one has an f32/plain fallback. */
const WANTED_FEATURES = ['timestamp-query', 'subgroups', 'shader-f16', 'chromium-experimental-subgroup-matrix'];
const SUBGROUP_MATRIX = 'chromium-experimental-subgroup-matrix';

/** The wanted features the adapter offers; subgroup matrices only when the matmul kernel can use them (an
 *  f16 -> f32 shape it tiles, a known subgroup size), so the feature list alone tells the matmul path. */
export function featuresToRequest(adapter: GPUAdapter): GPUFeatureName[] {
  const usable = (f: string): boolean => f !== SUBGROUP_MATRIX || pathSupport(adapterCaps(adapter), 'subgroup-matrix').ok;
  return WANTED_FEATURES.filter((f) => adapter.features.has(f) && usable(f)) as GPUFeatureName[];
}

export async function openDevice(gpu: GPU, onLost?: (reason: string) => void): Promise<OpenedDevice> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new Error('No WebGPU adapter was found. In a browser, use a recent Chrome or Edge (or enable WebGPU); in Node, install a Vulkan driver or Debian\'s chromium package for SwiftShader.');
  }
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const requiredFeatures = featuresToRequest(adapter);
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures, label: 'gpt-lab' });
  device.lost.then((info) => onLost?.(`${info.reason}: ${info.message}`));
  return { device, adapter, adapterName: describeAdapter(adapter), features: requiredFeatures };
}

export function describeAdapter(adapter: GPUAdapter): string {
  const info = adapter.info as GPUAdapterInfo | undefined;
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s) => s && String(s).length > 0);
  return parts.length ? parts.join(' ') : 'unknown adapter';
}
