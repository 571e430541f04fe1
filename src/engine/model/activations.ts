// Activation and gradient-scratch buffers of a GPT trunk for a fixed (B, T), llm.c ActivationTensors style (the
// heads add their own, listed by the caller), plus the size check that runs BEFORE anything is allocated so a
// too-large config gets a clear message naming the adapter limit or the memory budget.
// Tested by activations.test.ts and through gpt.test.ts.

import { LabError } from '../errors';
import type { ModelConfig } from '../config';
import type { GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';

export interface BlockActivations {
  ln1: Tensor; ln1Mean: Tensor; ln1Rstd: Tensor; // (B,T,C) (B,T) (B,T)
  qkv: Tensor; // (B,T,3C)
  atty: Tensor; attLse: Tensor; // (B,T,C) (B,NH,T)
  attproj: Tensor; residual2: Tensor; // (B,T,C)
  ln2: Tensor; ln2Mean: Tensor; ln2Rstd: Tensor;
  fch: Tensor; fchGelu: Tensor; // (B,T,4C)
  fcproj: Tensor; residual3: Tensor; // (B,T,C)
}

export interface Activations {
  encoded: Tensor; // (B,T,C)
  blocks: BlockActivations[];
  lnf: Tensor; lnfMean: Tensor; lnfRstd: Tensor; // (B,T,C) (B,T) (B,T)
}

/** Gradient scratch reused by every layer in backward (llm.c reuses the same way). */
export interface GradScratch {
  dlnf: Tensor; // (B,T,C) gradient at the trunk's output (ln_f), ACCUMULATED by every head's backward
  dresidual: Tensor; // (B,T,C) gradient of the residual stream, accumulated through the layers
  dln: Tensor; // (B,T,C) gradient at a LayerNorm output
  datty: Tensor; // (B,T,C)
  dqkv: Tensor; // (B,T,3C)
  dfchGelu: Tensor; dfch: Tensor; // (B,T,4C)
}

export type Shape = number[];

/** Every trunk activation buffer as [name, shape], for the size check and for allocation. */
function activationShapes(cfg: ModelConfig, B: number, T: number, withGrads: boolean): Array<[string, Shape]> {
  const { nEmbd: C, nHead: NH } = cfg;
  const list: Array<[string, Shape]> = [['encoded', [B, T, C]]];
  for (let l = 0; l < cfg.nLayer; l++) {
    list.push(
      [`h${l}.ln1`, [B, T, C]], [`h${l}.ln1Mean`, [B, T]], [`h${l}.ln1Rstd`, [B, T]], [`h${l}.qkv`, [B, T, 3 * C]],
      [`h${l}.atty`, [B, T, C]], [`h${l}.attLse`, [B, NH, T]], [`h${l}.attproj`, [B, T, C]], [`h${l}.residual2`, [B, T, C]],
      [`h${l}.ln2`, [B, T, C]], [`h${l}.ln2Mean`, [B, T]], [`h${l}.ln2Rstd`, [B, T]], [`h${l}.fch`, [B, T, 4 * C]],
      [`h${l}.fchGelu`, [B, T, 4 * C]], [`h${l}.fcproj`, [B, T, C]], [`h${l}.residual3`, [B, T, C]],
    );
  }
  list.push(['lnf', [B, T, C]], ['lnfMean', [B, T]], ['lnfRstd', [B, T]]);
  if (withGrads) {
    list.push(['dlnf', [B, T, C]], ['dresidual', [B, T, C]], ['dln', [B, T, C]], ['datty', [B, T, C]], ['dqkv', [B, T, 3 * C]], ['dfchGelu', [B, T, 4 * C]], ['dfch', [B, T, 4 * C]]);
  }
  return list;
}

export interface MemoryPlan {
  paramBytes: number;
  activationBytes: number;
  /** Parameters, gradients and the two AdamW moments (training only). */
  optimizerBytes: number;
  totalBytes: number;
  largestBuffer: { name: string; bytes: number };
}

/** Default total for every buffer of every model a stage holds: 4 GiB, well inside what WebGPU lets a page use on
 *  a discrete GPU and what an integrated one shares, so a link can never ask a visitor's GPU for tens of GB. */
export const DEFAULT_MEMORY_BUDGET = 4 * 2 ** 30;

const mibOf = (b: number) => Number((b / 2 ** 20).toFixed(1));
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

/**
 * Sizes every buffer a model of this config would allocate (trunk, plus `headShapes` from its heads) and throws,
 * before any allocation, if one exceeds the adapter's maxStorageBufferBindingSize or maxBufferSize (the message
 * names the buffer, its size and the limit).
 */
export function planMemory(cfg: ModelConfig, B: number, T: number, paramCount: number, limits: GPUSupportedLimits, training: boolean, headShapes: Array<[string, Shape]> = []): MemoryPlan {
  const shapes = [...activationShapes(cfg, B, T, training), ...headShapes];
  let largest = { name: 'parameters', bytes: paramCount * 4 };
  let activationBytes = 0;
  for (const [name, shape] of shapes) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 4;
    activationBytes += bytes;
    if (bytes > largest.bytes) largest = { name, bytes };
  }
  const describe = `L=${cfg.nLayer} C=${cfg.nEmbd} NH=${cfg.nHead} T=${T} B=${B} V=${cfg.vocabSize}`;
  if (largest.bytes > limits.maxStorageBufferBindingSize) {
    throw new LabError('buffer-too-large', { buffer: largest.name, needMiB: mibOf(largest.bytes), limitMiB: mibOf(limits.maxStorageBufferBindingSize), limit: 'maxStorageBufferBindingSize', shape: describe },
      `model too large for this GPU: buffer "${largest.name}" needs ${mib(largest.bytes)} but the adapter's maxStorageBufferBindingSize is ${mib(limits.maxStorageBufferBindingSize)} (${describe}); reduce batch, context or width`);
  }
  if (largest.bytes > limits.maxBufferSize) {
    throw new LabError('buffer-too-large', { buffer: largest.name, needMiB: mibOf(largest.bytes), limitMiB: mibOf(limits.maxBufferSize), limit: 'maxBufferSize', shape: describe },
      `model too large for this GPU: buffer "${largest.name}" needs ${mib(largest.bytes)} but the adapter's maxBufferSize is ${mib(limits.maxBufferSize)} (${describe})`);
  }
  const paramBytes = paramCount * 4;
  const optimizerBytes = training ? paramBytes * 3 : 0;
  return { paramBytes, activationBytes, optimizerBytes, totalBytes: paramBytes + optimizerBytes + activationBytes, largestBuffer: largest };
}

/**
 * Checks, before a stage allocates anything, the total of every model it holds (e.g. a trainer and its sampler;
 * later policy, reference, reward and value models) against `budget` bytes, naming each part.
 */
export function checkMemoryBudget(parts: ReadonlyArray<{ name: string; bytes: number }>, budget = DEFAULT_MEMORY_BUDGET): number {
  const total = parts.reduce((a, p) => a + p.bytes, 0);
  if (total > budget) {
    const list = parts.map((p) => `${p.name} ${mib(p.bytes)}`).join(', ');
    throw new LabError('memory-budget', { needMiB: mibOf(total), budgetMiB: mibOf(budget), parts: list },
      `this configuration needs ${mib(total)} of GPU memory (${list}), more than the ${mib(budget)} budget; reduce batch, context, width or layers`);
  }
  return total;
}

export function allocActivations(ctx: GpuContext, cfg: ModelConfig, B: number, T: number, withGrads: boolean): { acts: Activations; scratch: GradScratch | null } {
  const t = new Map<string, Tensor>();
  for (const [name, shape] of activationShapes(cfg, B, T, withGrads)) t.set(name, ctx.tensor(`act.${name}`, shape));
  const g = (name: string) => t.get(name)!;
  const blocks: BlockActivations[] = [];
  for (let l = 0; l < cfg.nLayer; l++) {
    const p = `h${l}.`;
    blocks.push({
      ln1: g(p + 'ln1'), ln1Mean: g(p + 'ln1Mean'), ln1Rstd: g(p + 'ln1Rstd'), qkv: g(p + 'qkv'),
      atty: g(p + 'atty'), attLse: g(p + 'attLse'), attproj: g(p + 'attproj'), residual2: g(p + 'residual2'),
      ln2: g(p + 'ln2'), ln2Mean: g(p + 'ln2Mean'), ln2Rstd: g(p + 'ln2Rstd'), fch: g(p + 'fch'),
      fchGelu: g(p + 'fchGelu'), fcproj: g(p + 'fcproj'), residual3: g(p + 'residual3'),
    });
  }
  const acts: Activations = {
    encoded: g('encoded'), blocks, lnf: g('lnf'), lnfMean: g('lnfMean'), lnfRstd: g('lnfRstd'),
  };
  const scratch = withGrads
    ? { dlnf: g('dlnf'), dresidual: g('dresidual'), dln: g('dln'), datty: g('datty'), dqkv: g('dqkv'), dfchGelu: g('dfchGelu'), dfch: g('dfch') }
    : null;
  return { acts, scratch };
}
