// optimizer.safetensors of an exported folder: the AdamW moments of every trained parameter as
// `<tensor name>.exp_avg` and `<tensor name>.exp_avg_sq` (PyTorch's AdamW state names, the parameter's shape, F32),
// with `__metadata__` {"step": "<optimizer steps taken>"}. The engine keeps the moments in its flat parameter
// layout over the trained range [0, m.length) (frozen groups, after it, have none); these two functions convert
// between that and the file. Tested by run-folder.test.ts.

import type { ParamLayout } from '../model/params';
import { quote, readSafetensors, writeSafetensors, type NamedTensor } from '../checkpoint/safetensors';

export interface OptimizerState {
  step: number;
  /** AdamW first and second moments in the flat layout, each of the optimizer's length (the trained range). */
  m: Float32Array;
  v: Float32Array;
}

export const EXP_AVG = 'exp_avg';
export const EXP_AVG_SQ = 'exp_avg_sq';

/** The parameters inside the trained range [0, n). */
function trained(layout: ParamLayout, n: number): ParamLayout['specs'] {
  return layout.specs.filter((s) => s.offset + s.length <= n);
}

function checkLength(layout: ParamLayout, n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > layout.total) throw new Error(`optimizer state: ${n} moments per kind, but the model's layout holds ${layout.total} values`);
  const cut = layout.specs.find((s) => s.offset < n && s.offset + s.length > n);
  if (cut) throw new Error(`optimizer state: ${n} moments per kind end inside ${cut.name}`);
}

export function encodeOptimizerState(layout: ParamLayout, state: OptimizerState): Uint8Array {
  const { m, v, step } = state;
  if (m.length !== v.length) throw new Error(`optimizer state: ${m.length} first moments but ${v.length} second moments`);
  if (!Number.isInteger(step) || step < 0) throw new Error(`optimizer state: step must be a non-negative integer, got ${step}`);
  checkLength(layout, m.length);
  const tensors: NamedTensor[] = [];
  for (const s of trained(layout, m.length)) {
    tensors.push({ name: `${s.name}.${EXP_AVG}`, shape: s.shape, data: m.subarray(s.offset, s.offset + s.length) });
    tensors.push({ name: `${s.name}.${EXP_AVG_SQ}`, shape: s.shape, data: v.subarray(s.offset, s.offset + s.length) });
  }
  return writeSafetensors(tensors, { step: String(step) });
}

/**
 * Reads optimizer.safetensors into the flat layout, `n` moments per kind (the optimizer's length: the layout's
 * trained range). Every trained parameter must have both moments with its shape; a second moment must not be
 * negative. Throws an Error starting "optimizer state:".
 */
export function decodeOptimizerState(bytes: Uint8Array, layout: ParamLayout, n: number): OptimizerState {
  const fail = (why: string) => new Error(`optimizer state: ${why}`);
  let file: ReturnType<typeof readSafetensors>;
  try {
    file = readSafetensors(bytes);
  } catch (e) {
    throw fail((e as Error).message);
  }
  const stepText = file.metadata.step;
  const step = Number(stepText);
  if (stepText === undefined || !/^\d{1,10}$/.test(stepText) || !Number.isSafeInteger(step)) throw fail(`__metadata__.step must be the optimizer steps taken, got ${quote(stepText)}`);
  checkLength(layout, n);
  const m = new Float32Array(n);
  const v = new Float32Array(n);
  for (const s of trained(layout, n)) {
    for (const [kind, into] of [[EXP_AVG, m], [EXP_AVG_SQ, v]] as const) {
      const t = file.tensors.get(`${s.name}.${kind}`);
      if (!t) throw fail(`missing tensor ${s.name}.${kind}`);
      if (t.shape.join(',') !== s.shape.join(',')) throw fail(`${s.name}.${kind} has shape ${quote(t.shape)}, expected [${s.shape}]`);
      into.set(t.data, s.offset);
    }
  }
  for (let i = 0; i < n; i++) {
    if (!(v[i] >= 0) || !Number.isFinite(m[i]) || !Number.isFinite(v[i])) throw fail(`a moment is ${Number.isFinite(m[i]) ? v[i] : m[i]} (non-finite, or a negative second moment)`);
  }
  return { step, m, v };
}
