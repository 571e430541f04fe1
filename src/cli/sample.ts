// `npm run sample -- --ckpt FILE --prompt TEXT [--tokens N] [--temperature X] [--top-k K] [--seed S] [--json]`

import { decodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { GPT } from '../engine/model/gpt';
import { generate } from '../engine/sampling/generate';
import { emit, parseArgs, runMain } from './args';
import { readBytes } from './load-data';
import { nodeGpu } from './node-gpu';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    ckpt: { kind: 'string', help: 'checkpoint (.safetensors)' },
    prompt: { kind: 'string', help: 'text to continue (every character must be in the vocabulary)' },
    tokens: { kind: 'int', help: 'tokens to generate (default 200)' },
    temperature: { kind: 'number', help: 'softmax temperature, 0 = greedy (default 0.8)' },
    'top-k': { kind: 'int', help: 'sample among the k most likely tokens, 0 = all (default 20)' },
    seed: { kind: 'int', help: 'random seed (default 1)' },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run sample -- --ckpt FILE --prompt TEXT');
  if (!a.ckpt) throw new Error('give --ckpt FILE');
  const ckpt = decodeCheckpoint(readBytes(String(a.ckpt)));
  const gpu = await nodeGpu();
  const model = new GPT(gpu.ctx, ckpt.config, 1, ckpt.config.blockSize, { training: false });
  model.loadParams(ckpt.flat);
  const prompt = String(a.prompt ?? '');
  const text = await generate(model, ckpt.tokenizer, prompt, {
    tokens: (a.tokens as number | undefined) ?? 200,
    temperature: (a.temperature as number | undefined) ?? 0.8,
    topK: (a['top-k'] as number | undefined) ?? 20,
    seed: (a.seed as number | undefined) ?? 1,
  });
  if (a.json) emit(true, { prompt, text });
  else console.log(text);
});
