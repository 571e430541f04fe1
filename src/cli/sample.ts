// `npm run sample -- --ckpt FILE --prompt TEXT [--tokens N] [--temperature X] [--top-k K] [--seed S] [--json]`
// `npm run sample -- --ckpt FILE --prompts FILE.jsonl [--json]`: one line per prompt, {"prompt","completion"},
// each sampled until end of text or --tokens (what the context leaves, at most).

import { expectLanguageModel } from '../engine/checkpoint/gpt2-checkpoint';
import { parsePromptsJsonl } from '../engine/data/jsonl';
import { GPT } from '../engine/model/gpt';
import { generate } from '../engine/sampling/generate';
import { ResponseSampler } from '../engine/stages/rankings';
import { emit, parseArgs, runMain } from './args';
import { loadCheckpoint, readText } from './files';
import { nodeGpu } from './node-gpu';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    ckpt: { kind: 'string', help: 'checkpoint (.safetensors)' },
    prompt: { kind: 'string', help: 'text to continue (every character must be in the vocabulary)' },
    prompts: { kind: 'string', help: 'JSONL of {"prompt": ...}: one completion per prompt, until end of text' },
    tokens: { kind: 'int', help: 'tokens to generate (default 200; with --prompts, what the context leaves)' },
    temperature: { kind: 'number', help: 'softmax temperature, 0 = greedy (default 0.8)' },
    'top-k': { kind: 'int', help: 'sample among the k most likely tokens, 0 = all (default 20)' },
    seed: { kind: 'int', help: 'random seed (default 1)' },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run sample -- --ckpt FILE (--prompt TEXT | --prompts FILE.jsonl)');
  if (!a.ckpt) throw new Error('give --ckpt FILE');
  if (a.prompt !== undefined && a.prompts) throw new Error('give either --prompt TEXT or --prompts FILE.jsonl, not both');
  const ckpt = loadCheckpoint(String(a.ckpt));
  expectLanguageModel(ckpt, String(a.ckpt));
  const tokens = a.tokens as number | undefined;
  if (tokens !== undefined && tokens < 0) throw new Error(`--tokens must be >= 0 (got ${tokens})`);
  const settings = { temperature: (a.temperature as number | undefined) ?? 0.8, topK: (a['top-k'] as number | undefined) ?? 20, seed: (a.seed as number | undefined) ?? 1 };
  if (!(settings.temperature >= 0)) throw new Error(`--temperature must be >= 0 (got ${settings.temperature})`);
  if (settings.topK < 0) throw new Error(`--top-k must be >= 0 (got ${settings.topK})`);
  const gpu = await nodeGpu();
  if (a.prompts) {
    const file = String(a.prompts);
    const prompts = parsePromptsJsonl(readText(file), file).map((r) => r.prompt);
    const sampler = new ResponseSampler(gpu.ctx, ckpt, Math.min(64, prompts.length));
    const maxTokens = tokens ?? ckpt.config.blockSize;
    for (let i = 0; i < prompts.length; i += sampler.rows) {
      const chunk = prompts.slice(i, i + sampler.rows);
      const out = await sampler.sample(chunk, 1, { ...settings, maxTokens, seed: settings.seed + i });
      chunk.forEach((prompt, j) => emit(Boolean(a.json), { prompt, completion: out[j][0] }));
    }
    sampler.destroy();
    return;
  }
  const model = new GPT(gpu.ctx, ckpt.config, 1, ckpt.config.blockSize, { training: false });
  model.loadParams(ckpt.flat);
  const prompt = String(a.prompt ?? '');
  const text = await generate(model, ckpt.tokenizer, prompt, { tokens: tokens ?? 200, ...settings });
  if (a.json) emit(true, { prompt, text });
  else console.log(text);
});
