// Text generation: runs a model over the last T tokens of each row's context, reads back only the logits row of
// each row's last position (one readback per generated token for the whole batch), and samples the next token on
// the CPU with temperature and top-k. A row stops at end of text. `generateBatch` samples many prompts (or K
// answers to one prompt) at once; `generate` is the one-prompt case. Tested by generate.test.ts.

import { readRanges } from '../gpu/read-back';
import type { CharTokenizer } from '../data/tokenizer';
import type { GPT } from '../model/gpt';
import { Rng } from '../rng';
import { sampleFromLogits } from './sample-logits';

export interface GenerateOptions {
  /** Most new tokens per row. */
  tokens: number;
  temperature: number;
  topK: number;
  seed: number;
  /** Called with each token as it is sampled (row, its text), e.g. to stream a sample to a terminal. */
  onToken?: (row: number, text: string) => void;
}

export interface Completion {
  /** The generated text (without the prompt and without the end-of-text token). */
  text: string;
  /** True when the row ended with end of text, false when it ran out of tokens. */
  finished: boolean;
}

/** Token ids of a prompt; an empty prompt starts from end of text (GPT-2's convention) or token 0. */
function promptIds(tokenizer: CharTokenizer, prompt: string): number[] {
  if (prompt.length) return Array.from(tokenizer.encode(prompt));
  return [tokenizer.hasSpecial('<|endoftext|>') ? tokenizer.eot : 0];
}

export async function generateBatch(model: GPT, tokenizer: CharTokenizer, prompts: readonly string[], opts: GenerateOptions): Promise<Completion[]> {
  const { ctx, B, T } = model;
  const lm = model.lmHead;
  const V = model.cfg.vocabSize;
  if (prompts.length < 1 || prompts.length > B) throw new Error(`generateBatch: ${prompts.length} prompts for a model built with B=${B}`);
  if (!Number.isInteger(opts.tokens) || opts.tokens < 0) throw new Error(`generate: tokens must be a non-negative integer (got ${opts.tokens})`);
  const eot = tokenizer.hasSpecial('<|endoftext|>') ? tokenizer.eot : -1;
  const rng = new Rng(opts.seed);
  const contexts = prompts.map((p) => promptIds(tokenizer, p));
  const starts = contexts.map((c) => c.length);
  const finished = prompts.map(() => false);
  const inputs = new Uint32Array(B * T);
  const zeros = new Uint32Array(B * T);
  for (let i = 0; i < opts.tokens && finished.some((f) => !f); i++) {
    inputs.fill(0);
    const last: number[] = [];
    contexts.forEach((c, r) => {
      const window = c.slice(-T);
      inputs.set(window, r * T);
      last.push(r * T + window.length - 1);
    });
    model.setBatch(inputs, zeros);
    ctx.run(model.forward, 'generate');
    const rows = await readRanges(ctx, last.map((pos) => ({ tensor: lm.logits, offset: pos * V, length: V })));
    contexts.forEach((c, r) => {
      if (finished[r]) return;
      const id = sampleFromLogits(rows[r], opts.temperature, opts.topK, rng);
      if (id === eot) finished[r] = true;
      else {
        c.push(id);
        opts.onToken?.(r, tokenizer.vocab[id]);
      }
    });
  }
  return contexts.map((c, r) => ({ text: tokenizer.decode(c.slice(starts[r])), finished: finished[r] }));
}

/** The prompt followed by up to `opts.tokens` sampled tokens (fewer if end of text is sampled). */
export async function generate(model: GPT, tokenizer: CharTokenizer, prompt: string, opts: GenerateOptions): Promise<string> {
  if (model.B !== 1) throw new Error('generate needs a model built with B=1');
  const [c] = await generateBatch(model, tokenizer, [prompt], opts);
  return prompt + c.text;
}
