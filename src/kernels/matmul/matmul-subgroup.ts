// The subgroup-matrix kernel of matmul (matmul_subgroup.wgsl): its tiles, the prelude that fixes the matrix
// shape and subgroup size in its WGSL (subgroup matrix dimensions must be constants, not overrides), and the
// kernel source matmul.ts dispatches exactly as it dispatches matmul.wgsl (same bindings, uniforms and
// split-K). Tested by matmul-f16.test.ts; run on a GPU by bench/gpu-check.ts.

import type { GpuContext, KernelSource } from '../runtime/context';
import { deviceCaps, SUBGROUP_GRID, SUBGROUP_TILE_K, subgroupMatrixShape, type SubgroupMatrixConfig } from './precision';
import code from './matmul_subgroup.wgsl?raw';

/** Output tile sides, largest first: 128 (2 x 2 subgroups of 64 x 64) when the output has enough of them. */
export const SUBGROUP_TILES = [128, 64] as const;

/** Halves of padding per k-row of the shared tiles (matmul_subgroup.wgsl LDK). */
const ROW_PADDING = 8;

/** Workgroup storage of a tile: op(A) and op(B) K-tiles in f16 plus one f32 result matrix per subgroup. */
export function subgroupSharedBytes(tile: number, shape: Pick<SubgroupMatrixConfig, 'M' | 'N'>): number {
  return 2 * tile * (SUBGROUP_TILE_K + ROW_PADDING) * 2 + SUBGROUP_GRID ** 2 * shape.M * shape.N * 4;
}

/**
 * The tile for an (M, N) output: 128 when its tiles (times the split-K slices a K this long allows) reach
 * `targetWorkgroups` and it fits the adapter's workgroup storage, else 64.
 */
export function chooseSubgroupTile(M: number, N: number, maxSplits: number, targetWorkgroups: number, sharedBytes: number, shape: SubgroupMatrixConfig): number {
  const [large, small] = SUBGROUP_TILES;
  const enough = Math.ceil(M / large) * Math.ceil(N / large) * maxSplits >= targetWorkgroups;
  return enough && subgroupSharedBytes(large, shape) <= sharedBytes ? large : small;
}

/** The WGSL declarations matmul_subgroup.wgsl expects before it. */
export function subgroupPrelude(shape: SubgroupMatrixConfig, tile: number, subgroupMaxSize: number): string {
  return [
    'enable f16;',
    'enable subgroups;',
    'enable chromium_experimental_subgroup_matrix;',
    // Offsets depend on subgroup_id, uniform within a subgroup but not across the workgroup, which is all the
    // uniformity analysis can prove.
    'diagnostic(off, chromium.subgroup_matrix_uniformity);',
    `const SM = ${shape.M}u;`,
    `const SN = ${shape.N}u;`,
    `const SK = ${shape.K}u;`,
    `const BM = ${tile}u;`,
    `const BK = ${SUBGROUP_TILE_K}u;`,
    `const GRID = ${SUBGROUP_GRID}u;`,
    `const SG_MAX = ${subgroupMaxSize}u;`,
    'alias LeftMat = subgroup_matrix_left<f16, SK, SM>;',
    'alias RightMat = subgroup_matrix_right<f16, SN, SK>;',
    'alias ResultMat = subgroup_matrix_result<f32, SN, SM>;',
    '',
  ].join('\n');
}

/** The subgroup-matrix kernel for one matmul on `ctx` (whose device must offer the path: matmul.ts checks). */
export function subgroupKernel(ctx: GpuContext, M: number, N: number, maxSplits: number, targetWorkgroups: number, transA: boolean, transB: boolean): { src: KernelSource; tile: number; tileK: number } {
  const caps = deviceCaps(ctx.device);
  const shape = subgroupMatrixShape(caps.subgroupMatrixConfigs);
  if (!shape) throw new Error('matmul: this device has no f16 -> f32 subgroup matrix config matmul_subgroup.wgsl can tile');
  const maxShared = ctx.limits.maxComputeWorkgroupStorageSize;
  const tile = chooseSubgroupTile(M, N, maxSplits, targetWorkgroups, maxShared, shape);
  const bytes = subgroupSharedBytes(tile, shape);
  if (bytes > maxShared) throw new Error(`matmul: the subgroup-matrix tile ${tile}x${tile} needs ${bytes} bytes of workgroup storage, this adapter allows ${maxShared}`);
  const name = `matmul_${transA ? 't' : 'n'}${transB ? 't' : 'n'}_sgmat_${tile}x${tile}_m${shape.M}n${shape.N}k${shape.K}`;
  return {
    src: { name, code: subgroupPrelude(shape, tile, caps.subgroupMaxSize) + code, constants: { TRANS_A: +transA, TRANS_B: +transB } },
    tile,
    tileK: SUBGROUP_TILE_K,
  };
}
