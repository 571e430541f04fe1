// Validation loss for the `eval` command: the engine's evalLoss (same windows, same definition) run over
// consecutive chunks of windows so a progress line can follow it, the loss combined weighted by windows. Every GPU
// buffer it allocates (one model per chunk) is destroyed before it returns, on success or error.
// Tested by eval-chunks.test.ts.

import type { ModelConfig } from '../engine/config';
import { evalLoss, type EvalResult } from '../engine/eval/eval-loss';
import type { GpuContext } from '../kernels/runtime/context';

/** `chunkWindows` windows per evalLoss call (default: all at once); `onProgress(done, total)` after each. */
export async function evalInChunks(
  ctx: GpuContext, cfg: ModelConfig, flat: Float32Array, tokens: Uint32Array,
  opts: { chunkWindows?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<EvalResult> {
  const W = cfg.blockSize + 1; // tokens per window
  const windows = Math.floor(tokens.length / W);
  const chunk = Math.max(1, opts.chunkWindows ?? windows);
  const scope = ctx.trackBuffers();
  try {
    if (windows === 0) return await evalLoss(ctx, cfg, flat, tokens); // throws its clear message
    let weighted = 0;
    for (let first = 0; first < windows; first += chunk) {
      const n = Math.min(chunk, windows - first);
      const r = await evalLoss(ctx, cfg, flat, tokens.subarray(first * W, (first + n) * W));
      weighted += r.loss * r.windows;
      opts.onProgress?.(first + n, windows);
    }
    return { loss: weighted / windows, windows, tokens: windows * cfg.blockSize };
  } finally {
    ctx.destroyBuffers(scope.stop());
  }
}
