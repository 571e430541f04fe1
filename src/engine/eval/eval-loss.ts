// Validation loss of a model on a token stream, as the `eval` command defines it: mean next-token
// cross-entropy over consecutive non-overlapping windows of T+1 tokens (remainder dropped). Windows are run
// B at a time; a last partial batch is padded with zero-weight rows; the model is freed afterwards. Tested by
// checkpoint round-trip tests and eval-chunks.test.ts.

import type { ModelConfig } from '../config';
import type { GpuContext } from '../../kernels/runtime/context';
import { evalWindows } from '../data/batches';
import { GPT, METRIC } from '../model/gpt';

export interface EvalResult {
  loss: number;
  windows: number;
  tokens: number;
}

export async function evalLoss(ctx: GpuContext, cfg: ModelConfig, flat: Float32Array, tokens: Uint32Array, batchSize = 8): Promise<EvalResult> {
  const T = cfg.blockSize;
  const windows = evalWindows(tokens, T);
  if (windows.length === 0) throw new Error(`eval: the validation text has ${tokens.length} tokens, fewer than one window of ${T + 1}`);
  const B = Math.min(batchSize, windows.length);
  const model = new GPT(ctx, cfg, B, T, { training: false });
  try {
    return await evalWindowsLoss(ctx, model, flat, windows, T);
  } finally {
    model.destroy();
  }
}

async function evalWindowsLoss(ctx: GpuContext, model: GPT, flat: Float32Array, windows: ReturnType<typeof evalWindows>, T: number): Promise<EvalResult> {
  const B = model.B;
  model.loadParams(flat);
  const inputs = new Uint32Array(B * T);
  const targets = new Uint32Array(B * T);
  const weights = new Float32Array(B * T);
  let weighted = 0;
  for (let start = 0; start < windows.length; start += B) {
    const rows = Math.min(B, windows.length - start);
    inputs.fill(0);
    targets.fill(0);
    weights.fill(0);
    for (let r = 0; r < rows; r++) {
      inputs.set(windows[start + r].inputs, r * T);
      targets.set(windows[start + r].targets, r * T);
      weights.fill(1, r * T, (r + 1) * T);
    }
    model.setBatch(inputs, targets, weights);
    ctx.run(model.forward, 'eval');
    const bytes = await ctx.readBytes(model.metrics.buffer, model.metrics.offset + METRIC.loss * 4, 4);
    weighted += new Float32Array(bytes)[0] * rows;
  }
  return { loss: weighted / windows.length, windows: windows.length, tokens: windows.length * T };
}
