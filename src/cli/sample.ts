// `npm run sample -- --ckpt FILE --prompt TEXT [--tokens N] [--temperature X] [--top-k K] [--seed S] [--json]`
// `npm run sample -- --ckpt FILE --prompts FILE.jsonl [--json]`: one line per prompt, {"prompt","completion"},
// each sampled until end of text or --tokens (what the context leaves, at most), each line printed as soon as its
// batch of prompts is done, with a progress line (prompts/s, time left) on a terminal. A single --prompt streams its
// text token by token as it is sampled (with --json: one line when complete).
// A checkpoint with non-finite weights fails naming the file. Tested by cli.test.ts and stages-cli.test.ts.

import { expectLanguageModel } from '../engine/checkpoint/gpt2-checkpoint';
import { parsePromptsJsonl } from '../engine/data/jsonl';
import { GPT } from '../engine/model/gpt';
import { generate } from '../engine/sampling/generate';
import { ResponseSampler } from '../engine/stages/rankings';
import { emit, writeOut, parseArgs, runMain } from './args';
import { loadCheckpoint, readText } from './files';
import { nodeGpu } from './node-gpu';
import { Progress } from './progress';
import { requireFiniteWeights } from './weights';

/** Most tokens one sample may ask for: every token is a forward pass of the model, so more is a typo or hours. */
const MAX_TOKENS = 10_000;

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    ckpt: { kind: 'string', help: 'checkpoint (.safetensors)' },
    prompt: { kind: 'string', help: 'text to continue (every character must be in the vocabulary)' },
    prompts: { kind: 'string', help: 'JSONL of {"prompt": ...}: one completion per prompt, until end of text' },
    tokens: { kind: 'int', help: 'tokens to generate (default 200; with --prompts, what the context leaves)', min: 1, max: MAX_TOKENS },
    temperature: { kind: 'number', help: 'softmax temperature, 0 = greedy (default 0.8)', min: 0 },
    'top-k': { kind: 'int', help: 'sample among the k most likely tokens, 0 = all (default 20)', min: 0 },
    seed: { kind: 'int', help: 'random seed (default 1)' },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run sample -- --ckpt FILE (--prompt TEXT | --prompts FILE.jsonl)');
  if (!a.ckpt) throw new Error('give --ckpt FILE');
  if (a.prompt !== undefined && a.prompts) throw new Error('give either --prompt TEXT or --prompts FILE.jsonl, not both');
  const ckpt = loadCheckpoint(String(a.ckpt));
  expectLanguageModel(ckpt, String(a.ckpt));
  requireFiniteWeights(ckpt, String(a.ckpt));
  const tokens = a.tokens as number | undefined;
  const settings = { temperature: (a.temperature as number | undefined) ?? 0.8, topK: (a['top-k'] as number | undefined) ?? 20, seed: (a.seed as number | undefined) ?? 1 };
  const gpu = await nodeGpu();
  if (a.prompts) {
    const file = String(a.prompts);
    const prompts = parsePromptsJsonl(readText(file), file).map((r) => r.prompt);
    const sampler = new ResponseSampler(gpu.ctx, ckpt, Math.min(64, prompts.length));
    const maxTokens = tokens ?? ckpt.config.blockSize;
    const progress = new Progress('sample', prompts.length, 'prompts', { json: Boolean(a.json) });
    try {
      for (let i = 0; i < prompts.length; i += sampler.rows) {
        const chunk = prompts.slice(i, i + sampler.rows);
        const out = await sampler.sample(chunk, 1, { ...settings, maxTokens, seed: settings.seed + i });
        progress.clear();
        chunk.forEach((prompt, j) => emit(Boolean(a.json), { prompt, completion: out[j][0] }));
        progress.update(i + chunk.length);
      }
    } finally {
      progress.clear();
      sampler.destroy();
    }
    return;
  }
  const model = new GPT(gpu.ctx, ckpt.config, 1, ckpt.config.blockSize, { training: false });
  model.loadParams(ckpt.flat);
  const prompt = String(a.prompt ?? '');
  const stream = !a.json;
  if (stream) writeOut(prompt);
  const onToken = stream ? (_row: number, t: string) => writeOut(t) : undefined;
  const text = await generate(model, ckpt.tokenizer, prompt, { tokens: tokens ?? 200, ...settings, onToken });
  model.destroy();
  if (a.json) emit(true, { prompt, text });
  else writeOut('\n');
});
