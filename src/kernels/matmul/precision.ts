// Which matmul kernels a device runs: 'f32' (matmul.wgsl with f32 tiles, today's path), 'f16' (the same kernel
// with its shared-memory tiles in f16: needs `shader-f16`) or 'subgroup-matrix' (matmul_subgroup.wgsl on the
// tensor cores: needs `chromium-experimental-subgroup-matrix`, `shader-f16`, `subgroups` and an f16 -> f32
// matrix shape it can tile). Both f16 paths round op(A) and op(B) to f16 and keep f32 sums.
// The choice belongs to the device (GpuContext), made once after opening it: 'auto' takes the fastest path the
// device offers, 'f32' forces f32. Models built on the context afterwards use it; the training loop reads it to
// turn on loss scaling. Tested by matmul-f16.test.ts.

import type { GpuContext } from '../runtime/context';

export type MatmulPath = 'f32' | 'f16' | 'subgroup-matrix';
export type PrecisionSetting = 'auto' | 'f32';
export const PRECISION_SETTINGS: readonly PrecisionSetting[] = ['auto', 'f32'];

/** The features each path needs, named as WebGPU names them (messages and skipped tests quote them). */
export const PATH_FEATURES: Readonly<Record<MatmulPath, readonly string[]>> = {
  f32: [],
  f16: ['shader-f16'],
  'subgroup-matrix': ['chromium-experimental-subgroup-matrix', 'shader-f16', 'subgroups'],
};

/** One entry of GPUAdapterInfo.subgroupMatrixConfigs (Dawn, Chrome with experimental features). */
export interface SubgroupMatrixConfig {
  readonly componentType: string;
  readonly resultComponentType: string;
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

/** What a device offers that bears on the matmul path. */
export interface MatmulCaps {
  readonly features: ReadonlySet<string>;
  readonly subgroupMatrixConfigs: readonly SubgroupMatrixConfig[];
  /** GPUAdapterInfo.subgroupMaxSize; 0 when the adapter does not say. */
  readonly subgroupMaxSize: number;
  readonly maxInvocations: number;
}

/**
 * matmul_subgroup.wgsl's tiles: 2 x 2 subgroups, each owning a (tile/2)^2 block of the output, K staged 32 at a
 * time. A matrix shape fits when its M and N divide the smallest subgroup block (32) and its K divides 32.
 */
export const SUBGROUP_GRID = 2;
export const SUBGROUP_TILE_K = 32;
const SMALLEST_SUBGROUP_BLOCK = 32;

/** The f16 -> f32 matrix shape matmul_subgroup.wgsl uses: the largest (M*N*K) that fits, the adapter's order
 *  (its preference) among equals; undefined if none fits. */
export function subgroupMatrixShape(configs: readonly SubgroupMatrixConfig[]): SubgroupMatrixConfig | undefined {
  const fits = (c: SubgroupMatrixConfig): boolean =>
    c.componentType === 'f16' && c.resultComponentType === 'f32' &&
    SMALLEST_SUBGROUP_BLOCK % c.M === 0 && SMALLEST_SUBGROUP_BLOCK % c.N === 0 && SUBGROUP_TILE_K % c.K === 0;
  let best: SubgroupMatrixConfig | undefined;
  for (const c of configs) {
    if (fits(c) && (!best || c.M * c.N * c.K > best.M * best.N * best.K)) best = c;
  }
  return best;
}

/** Whether `caps` can run `path`; otherwise why not, naming the missing feature or property. */
export function pathSupport(caps: MatmulCaps, path: MatmulPath): { ok: true } | { ok: false; missing: string } {
  const feature = PATH_FEATURES[path].find((f) => !caps.features.has(f));
  if (feature) return { ok: false, missing: feature };
  if (path !== 'subgroup-matrix') return { ok: true };
  if (!subgroupMatrixShape(caps.subgroupMatrixConfigs)) return { ok: false, missing: 'an f16 -> f32 subgroup matrix config with M, N dividing 32 and K dividing 32' };
  if (!(caps.subgroupMaxSize > 0)) return { ok: false, missing: 'GPUAdapterInfo.subgroupMaxSize' };
  if (SUBGROUP_GRID ** 2 * caps.subgroupMaxSize > caps.maxInvocations) return { ok: false, missing: `${SUBGROUP_GRID ** 2} subgroups of ${caps.subgroupMaxSize} invocations in one workgroup` };
  return { ok: true };
}

/** The fastest path the device can run (subgroup matrices, else f16 tiles, else f32), or f32 when forced. */
export function resolveMatmulPath(caps: MatmulCaps, setting: PrecisionSetting): MatmulPath {
  if (setting === 'f32') return 'f32';
  const fastestFirst: MatmulPath[] = ['subgroup-matrix', 'f16'];
  return fastestFirst.find((p) => pathSupport(caps, p).ok) ?? 'f32';
}

type InfoWithMatrices = GPUAdapterInfo & { subgroupMatrixConfigs?: readonly SubgroupMatrixConfig[] };

/** Capabilities from a feature set, adapter info (which lists the subgroup matrix configs) and limits. */
export function capsOf(features: Iterable<string>, info: InfoWithMatrices | undefined, limits: GPUSupportedLimits): MatmulCaps {
  return {
    features: new Set(features),
    subgroupMatrixConfigs: info?.subgroupMatrixConfigs ? [...info.subgroupMatrixConfigs] : [],
    subgroupMaxSize: info?.subgroupMaxSize ?? 0,
    maxInvocations: limits.maxComputeInvocationsPerWorkgroup,
  };
}

/** The device's matmul capabilities (its features, and the adapter info Dawn and Chrome attach to it). */
export function deviceCaps(device: GPUDevice): MatmulCaps {
  return capsOf(device.features, (device as GPUDevice & { adapterInfo?: InfoWithMatrices }).adapterInfo, device.limits);
}

/** An adapter's matmul capabilities, before a device is requested (to request only features a path can use). */
export function adapterCaps(adapter: GPUAdapter): MatmulCaps {
  return capsOf(adapter.features, adapter.info as InfoWithMatrices | undefined, adapter.limits);
}

/**
 * The path 'auto' gives on a device opened by openDevice (engine/gpu/request-device.ts), from the features it
 * was opened with alone: openDevice requests subgroup matrices only when matmul_subgroup.wgsl can use them. For
 * displays that hold just the feature list (the lab's GPU panel).
 */
export function autoPathOfOpenedFeatures(features: readonly string[]): MatmulPath {
  const has = (p: MatmulPath): boolean => PATH_FEATURES[p].every((f) => features.includes(f));
  return has('subgroup-matrix') ? 'subgroup-matrix' : has('f16') ? 'f16' : 'f32';
}

const settings = new WeakMap<GpuContext, PrecisionSetting>();

/** `value` as a precision setting, or a clear error (a CLI flag, a URL field). */
export function parsePrecision(value: string): PrecisionSetting {
  const setting = PRECISION_SETTINGS.find((s) => s === value);
  if (!setting) throw new Error(`precision must be ${PRECISION_SETTINGS.join(' or ')} (got "${value}")`);
  return setting;
}

/** Sets the precision of the matmuls planned on `ctx` from now on; returns the path it resolves to. */
export function setPrecision(ctx: GpuContext, setting: PrecisionSetting): MatmulPath {
  settings.set(ctx, parsePrecision(setting));
  return matmulPath(ctx);
}

/** The precision setting of `ctx` ('auto' until setPrecision is called). */
export function precisionSetting(ctx: GpuContext): PrecisionSetting {
  return settings.get(ctx) ?? 'auto';
}

/** The path matmuls planned on `ctx` take by default. */
export function matmulPath(ctx: GpuContext): MatmulPath {
  return resolveMatmulPath(deviceCaps(ctx.device), precisionSetting(ctx));
}
