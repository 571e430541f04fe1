// SFT examples and batches (stage 2). An example is prompt + completion + end of text; one example per row,
// padded on the right (causal attention keeps real positions independent of the padding). Target position t of a
// row (predicting token t+1) is *real* if t+1 < length and *completion* if also t+1 >= promptLen. Weights give
// the GPT-1 objective L3 = L2 + λ·L1 as one weighted sum: L2 = mean loss over the batch's completion targets
// (prompt masked), L1 = mean loss over all its real targets. Tested by stage-data.test.ts and stages-vs-pytorch.test.ts.

import type { SftRecord } from '../data/jsonl';
import type { CharTokenizer } from '../data/tokenizer';
import { checkVocabulary, encodeWithEnd } from './stage-data';

export interface SftExample {
  ids: Uint32Array; // prompt + completion + end of text, at most T+1 tokens
  promptLen: number;
}

export function encodeSftRecords(tokenizer: CharTokenizer, records: readonly SftRecord[], T: number, source: string): SftExample[] {
  checkVocabulary(tokenizer, records.map((r) => r.prompt + r.completion), source);
  return records.map((r, i) => encodeWithEnd(tokenizer, r.prompt, r.completion, T + 1, { file: source, record: i + 1 }));
}

export interface SftBatch {
  inputs: Uint32Array; // (B,T)
  targets: Uint32Array; // (B,T)
  /** Final weights: Σ weights·losses = L2 + λ·L1 (use with setBatch(..., normalized = true)). */
  weights: Float32Array; // (B,T)
  /** 1 where the target is a completion token (the L2 mask). */
  completion: Uint8Array; // (B,T)
}

/**
 * Rows for `examples` (at most B; missing rows are padding with weight 0). With `lambda` = 0 and `completionTotal`
 * given, weights are 1/completionTotal on completion targets: summing the loss over several batches then gives
 * the mean over all of them (held-out evaluation).
 */
export function sftBatch(examples: readonly SftExample[], B: number, T: number, lambda: number, completionTotal?: number): SftBatch {
  if (examples.length > B) throw new Error(`sftBatch: ${examples.length} examples for B=${B}`);
  const inputs = new Uint32Array(B * T);
  const targets = new Uint32Array(B * T);
  const completion = new Uint8Array(B * T);
  const real = new Uint8Array(B * T);
  let nCompletion = 0;
  let nReal = 0;
  examples.forEach((ex, b) => {
    const n = ex.ids.length;
    if (n > T + 1 || n < 2) throw new Error(`sftBatch: an example of ${n} tokens does not fit T=${T}`);
    inputs.set(ex.ids.subarray(0, n - 1), b * T);
    targets.set(ex.ids.subarray(1), b * T);
    for (let t = 0; t + 1 < n; t++) {
      real[b * T + t] = 1;
      nReal++;
      if (t + 1 >= ex.promptLen) {
        completion[b * T + t] = 1;
        nCompletion++;
      }
    }
  });
  const weights = new Float32Array(B * T);
  const l2 = 1 / (completionTotal ?? nCompletion);
  const l1 = nReal > 0 ? lambda / nReal : 0;
  for (let i = 0; i < B * T; i++) weights[i] = completion[i] * l2 + real[i] * l1;
  return { inputs, targets, weights, completion };
}
