// Text generation: B rows at once. While every row fits the window T, tokens are chosen on the GPU
// (generate-gpu.ts: no readback per token); with the KV cache (the default) the first token comes from a full
// forward over the prompts (the prefill) and every later one from a decode step (model/decoder.ts) that runs the
// model for one position per row, so a token costs one position instead of the whole window. Full recompute
// (`kvCache: false`, the reference the tests compare against) runs the model over the window for every token.
// Once a row's context outgrows the window, the remaining tokens of the call are sampled on the CPU (temperature,
// top-k; one readback of the B rows' logits per token) by full recompute over the last T tokens (the window
// slides), and so are all tokens with `tokenChoice: 'cpu'` (the CPU path with its own RNG stream).
// A row stops at end of text (or at a newline, when asked). `generateBatch` samples many prompts (or K answers to one prompt) at once;
// `generate` is the one-prompt case. Tested by generate.test.ts.

import { readRanges } from '../gpu/read-back';
import type { CharTokenizer } from '../data/tokenizer';
import { Decoder } from '../model/decoder';
import type { GPT } from '../model/gpt';
import { Rng } from '../rng';
import { generateOnGpu } from './generate-gpu';
import { sampleFromLogits } from './sample-logits';

export interface GenerateOptions {
  /** Most new tokens per row. */
  tokens: number;
  temperature: number;
  topK: number;
  seed: number;
  /** Called with each token as it is sampled (row, its text), e.g. to stream a sample to a terminal. */
  onToken?: (row: number, text: string) => void;
  /** Decode with the KV cache (default true); false recomputes the whole window for every token. */
  kvCache?: boolean;
  /** A newline ends a row as end of text does (one-line answers: the evaluation harness). */
  stopAtNewline?: boolean;
  /** Where tokens are chosen while the window holds every row: 'gpu' (default) or 'cpu'. The two draw from
   *  different random streams, so the same seed gives other (equally likely) samples; greedy decoding agrees. */
  tokenChoice?: 'gpu' | 'cpu';
}

export interface Completion {
  /** The generated text (without the prompt and without the end-of-text token). */
  text: string;
  /** True when the row ended with end of text (or a newline, with stopAtNewline), false when it ran out of tokens. */
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
  const newline = opts.stopAtNewline && tokenizer.unknownChars('\n').length === 0 ? tokenizer.encode('\n')[0] : -1;
  const rng = new Rng(opts.seed);
  const contexts = prompts.map((p) => promptIds(tokenizer, p));
  const starts = contexts.map((c) => c.length);
  const finished = prompts.map(() => false);
  let remaining = opts.tokens;
  if ((opts.tokenChoice ?? 'gpu') === 'gpu') {
    const gpu = { temperature: opts.temperature, topK: opts.topK, seed: opts.seed, eot, stop: newline, kvCache: opts.kvCache ?? true, onToken: opts.onToken };
    remaining -= await generateOnGpu(model, tokenizer, contexts, finished, remaining, gpu);
  }
  const inputs = new Uint32Array(B * T);
  const zeros = new Uint32Array(B * T);
  const pos = new Uint32Array(B);
  let decoder: Decoder | null = null;
  /** True while the model's qkv buffers hold every row's context but its last token (a decode step may run). */
  let cached = false;
  try {
    for (let i = 0; i < remaining && finished.some((f) => !f); i++) {
      let rows: Float32Array[];
      if (cached && (opts.kvCache ?? true) && contexts.every((c) => c.length <= T)) {
        decoder ??= new Decoder(model);
        contexts.forEach((c, r) => {
          pos[r] = c.length - 1;
          inputs[r * T + pos[r]] = c[pos[r]];
        });
        ctx.write(model.tokens, inputs);
        ctx.write(decoder.pos, pos);
        ctx.run(decoder.step, 'generate: decode step');
        rows = await readRanges(ctx, contexts.map((_, r) => ({ tensor: decoder!.logits, offset: r * V, length: V })));
      } else {
        inputs.fill(0);
        const last: number[] = [];
        contexts.forEach((c, r) => {
          const window = c.slice(-T);
          inputs.set(window, r * T);
          last.push(r * T + window.length - 1);
        });
        model.setBatch(inputs, zeros);
        ctx.run(model.forward, 'generate: full forward');
        rows = await readRanges(ctx, last.map((at) => ({ tensor: lm.logits, offset: at * V, length: V })));
        cached = contexts.every((c) => c.length <= T); // no window slid: positions are the contexts' own
      }
      contexts.forEach((c, r) => {
        if (finished[r]) return;
        const id = sampleFromLogits(rows[r], opts.temperature, opts.topK, rng);
        if (id === eot || id === newline) finished[r] = true;
        else {
          c.push(id);
          opts.onToken?.(r, tokenizer.vocab[id]);
        }
      });
    }
  } finally {
    decoder?.destroy();
  }
  return contexts.map((c, r) => ({ text: tokenizer.decode(c.slice(starts[r])), finished: finished[r] }));
}

/** The prompt followed by up to `opts.tokens` sampled tokens (fewer if end of text is sampled). */
export async function generate(model: GPT, tokenizer: CharTokenizer, prompt: string, opts: GenerateOptions): Promise<string> {
  if (model.B !== 1) throw new Error('generate needs a model built with B=1');
  const [c] = await generateBatch(model, tokenizer, [prompt], opts);
  return prompt + c.text;
}
