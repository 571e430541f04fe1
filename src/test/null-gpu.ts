// Dawn's null backend for tests: a device that validates WGSL, pipelines and bind groups like any other but runs
// nothing, and offers shader-f16 and subgroup matrices (with allow_unsafe_apis) where SwiftShader does not. Lets
// CI check that the f16 kernels compile and that a mixed-precision training step is planned and submitted
// without validation errors; their numbers are checked on a GPU (bench/gpu-check.ts).
// Used by kernels/matmul/matmul-f16.test.ts and engine/train/loss-scaler.test.ts.

import { GpuContext } from '../kernels/runtime/context';
import { PATH_FEATURES } from '../kernels/matmul/precision';

/** Dawn's instance, kept reachable while its device lives (see cli/node-gpu.ts). */
let nullGpu: GPU | undefined;
let opened: Promise<GpuContext> | undefined;

/** A context on the null backend's device, with every feature the f16 matmul paths need (once per process). */
export function nullCtx(): Promise<GpuContext> {
  opened ??= (async () => {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    nullGpu = create(['backend=null', 'enable-dawn-features=allow_unsafe_apis']) as GPU;
    const adapter = await nullGpu.requestAdapter();
    if (!adapter) throw new Error("Dawn's null backend gave no adapter");
    const wanted = [...PATH_FEATURES['subgroup-matrix']] as GPUFeatureName[];
    const missing = wanted.filter((f) => !adapter.features.has(f));
    if (missing.length) throw new Error(`Dawn's null backend lacks ${missing.join(', ')}`);
    const requiredLimits: Record<string, number> = {};
    for (const name of ['maxComputeWorkgroupStorageSize', 'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX'] as const) requiredLimits[name] = adapter.limits[name];
    return new GpuContext(await adapter.requestDevice({ requiredFeatures: wanted, requiredLimits, label: 'null backend' }));
  })();
  return opened;
}
