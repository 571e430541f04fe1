// GPU scoring for the evaluation harness, on a model built for (B rows, T):
// - choiceLogProbs: log p(choice | prompt) = Σ over the choice's tokens of −loss, from ONE forward pass over
//   prompt + choice (the LM head's per-token cross-entropy, lmHead.losses (B,T), at the choice's positions);
//   B sequences per forward, of any lengths up to T + 1 tokens.
// - greedyAnswers: greedy decoding (generateBatch at temperature 0) until end of text or `cap` tokens, cut at the
//   first newline (a row that goes on past its newline does not change what it answered).
// Tested by score.test.ts against the CPU reference model.

import type { CharTokenizer } from '../../data/tokenizer';
import { readRanges } from '../../gpu/read-back';
import type { GPT } from '../../model/gpt';
import { generateBatch } from '../../sampling/generate';

export interface ChoiceSequence {
  /** At least one token. */
  prompt: Uint32Array;
  /** At least one token; prompt + choice at most T + 1 tokens. */
  choice: Uint32Array;
}

/**
 * Σ log p(choice tokens | prompt and the choice's earlier tokens) for each sequence, in float64 from the GPU's f32
 * per-token losses. `onBatch(done)` is called after each forward pass with the sequences scored so far.
 */
export async function choiceLogProbs(model: GPT, seqs: readonly ChoiceSequence[], onBatch?: (done: number) => void): Promise<Float64Array> {
  const { ctx, B, T } = model;
  const lm = model.lmHead;
  const out = new Float64Array(seqs.length);
  seqs.forEach((s, i) => {
    if (s.prompt.length < 1 || s.choice.length < 1) throw new Error(`choiceLogProbs: sequence ${i} needs a prompt and a choice of at least one token each`);
    if (s.prompt.length + s.choice.length - 1 > T) throw new Error(`choiceLogProbs: sequence ${i} has ${s.prompt.length} + ${s.choice.length} tokens, more than T + 1 = ${T + 1}`);
  });
  const inputs = new Uint32Array(B * T);
  const targets = new Uint32Array(B * T);
  const weights = new Float32Array(B * T);
  for (let start = 0; start < seqs.length; start += B) {
    const rows = seqs.slice(start, start + B);
    inputs.fill(0);
    targets.fill(0);
    weights.fill(0);
    rows.forEach((s, r) => {
      // Position i reads token i and is scored on token i + 1: inputs = prompt + choice[:-1], targets shifted by one.
      const seq = new Uint32Array(s.prompt.length + s.choice.length);
      seq.set(s.prompt);
      seq.set(s.choice, s.prompt.length);
      inputs.set(seq.subarray(0, seq.length - 1), r * T);
      targets.set(seq.subarray(1), r * T);
      weights.fill(1, r * T + s.prompt.length - 1, r * T + seq.length - 1);
    });
    model.setBatch(inputs, targets, weights);
    ctx.run(model.forward, 'eval choices');
    const [losses] = await readRanges(ctx, [{ tensor: lm.losses, length: rows.length * T }]); // (rows, T)
    rows.forEach((s, r) => {
      let sum = 0;
      const from = r * T + s.prompt.length - 1;
      for (let i = 0; i < s.choice.length; i++) sum -= losses[from + i];
      out[start + r] = sum;
    });
    onBatch?.(start + rows.length);
  }
  return out;
}

/**
 * The greedy answer to each prompt: up to `cap` tokens, ending before end of text or at the first newline (which
 * is not part of the answer). Prompts go B at a time; `onBatch(done)` after each group.
 */
export async function greedyAnswers(model: GPT, tokenizer: CharTokenizer, prompts: readonly string[], cap: number, onBatch?: (done: number) => void): Promise<string[]> {
  const out: string[] = [];
  for (let start = 0; start < prompts.length; start += model.B) {
    const chunk = prompts.slice(start, start + model.B);
    const done = await generateBatch(model, tokenizer, chunk, { tokens: cap, temperature: 0, topK: 0, seed: 1, stopAtNewline: true });
    for (const c of done) out.push(c.text.split('\n')[0]);
    onBatch?.(start + chunk.length);
  }
  return out;
}
