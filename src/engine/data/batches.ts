// Batches of (inputs, targets) token windows: seeded random ones for training, consecutive ones for evaluation.
// targets are the inputs shifted by one token (next-token prediction). Tested by batches.test.ts.

import { Rng } from '../rng';

export interface Batch {
  inputs: Uint32Array; // (B, T) token ids
  targets: Uint32Array; // (B, T) the token following each input
}

function checkDims(what: string, tokens: Uint32Array, B: number, T: number): void {
  if (!Number.isInteger(B) || B < 1) throw new Error(`${what}: B must be a positive integer, got ${B}`);
  if (!Number.isInteger(T) || T < 1) throw new Error(`${what}: T must be a positive integer, got ${T}`);
  if (tokens.length < T + 1) throw new Error(`${what}: ${tokens.length} tokens are too few for T=${T} (need at least ${T + 1})`);
}

/** Copies the window starting at `offset` into row `b` of `batch`. */
function fillRow(batch: Batch, b: number, tokens: Uint32Array, offset: number, T: number): void {
  batch.inputs.set(tokens.subarray(offset, offset + T), b * T);
  batch.targets.set(tokens.subarray(offset + 1, offset + T + 1), b * T);
}

/** Random training batches: each row starts at a uniform offset in [0, len-T-1]; the same seed gives the same batches. */
export class BatchSampler {
  private readonly rng: Rng;

  constructor(
    private readonly tokens: Uint32Array,
    readonly B: number,
    readonly T: number,
    seed: number,
  ) {
    checkDims('BatchSampler', tokens, B, T);
    this.rng = new Rng(seed);
  }

  /** A fresh batch each call (its buffers may be transferred). */
  next(): Batch {
    const { B, T } = this;
    const batch: Batch = { inputs: new Uint32Array(B * T), targets: new Uint32Array(B * T) };
    for (let b = 0; b < B; b++) fillRow(batch, b, this.tokens, this.rng.int(this.tokens.length - T), T);
    return batch;
  }

  /** Skips `batches` batches (draws their offsets without copying), e.g. to resume a run. */
  fastForward(batches: number): void {
    for (let i = 0; i < batches * this.B; i++) this.rng.int(this.tokens.length - this.T);
  }
}

/**
 * Consecutive non-overlapping windows of T+1 tokens for evaluation: window i = tokens[i*(T+1) .. i*(T+1)+T], the
 * remainder (fewer than T+1 tokens) is dropped. Windows are grouped B to a batch in order; the last batch holds
 * the leftover windows and may have fewer rows (rows = inputs.length / T). With the default B = 1 each batch
 * is one window.
 */
export function evalWindows(tokens: Uint32Array, T: number, B = 1): Batch[] {
  checkDims('evalWindows', tokens, B, T);
  const windows = Math.floor(tokens.length / (T + 1));
  const batches: Batch[] = [];
  for (let first = 0; first < windows; first += B) {
    const rows = Math.min(B, windows - first);
    const batch: Batch = { inputs: new Uint32Array(rows * T), targets: new Uint32Array(rows * T) };
    for (let b = 0; b < rows; b++) fillRow(batch, b, tokens, (first + b) * (T + 1), T);
    batches.push(batch);
  }
  return batches;
}
