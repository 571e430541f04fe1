// Text generation: runs a B=1 model (sharing the trainer's parameters) over the last T tokens of the context,
// reads back only the logits row of the last real position, and samples the next token on the CPU.
// Tested by generate.test.ts (through the trainer).

import type { CharTokenizer } from '../data/tokenizer';
import type { GPT } from '../model/gpt';
import { Rng } from '../rng';
import { sampleFromLogits } from './sample-logits';

export interface GenerateOptions {
  tokens: number;
  temperature: number;
  topK: number;
  seed: number;
}

export async function generate(model: GPT, tokenizer: CharTokenizer, prompt: string, opts: GenerateOptions): Promise<string> {
  if (model.B !== 1) throw new Error('generate needs a model built with B=1');
  const { ctx, T } = model;
  const V = model.cfg.vocabSize;
  const rng = new Rng(opts.seed);
  const context = Array.from(prompt.length ? tokenizer.encode(prompt) : [0]);
  const start = prompt.length ? context.length : 1;
  const inputs = new Uint32Array(T);
  const zeros = new Uint32Array(T);
  for (let i = 0; i < opts.tokens; i++) {
    const window = context.slice(-T);
    inputs.fill(0);
    inputs.set(window);
    model.setBatch(inputs, zeros);
    ctx.run(model.forward, 'generate');
    const pos = window.length - 1;
    const row = new Float32Array(await ctx.readBytes(model.acts.logits.buffer, model.acts.logits.offset + pos * V * 4, V * 4));
    context.push(sampleFromLogits(row, opts.temperature, opts.topK, rng));
  }
  return tokenizer.decode(context.slice(prompt.length ? 0 : start));
}
