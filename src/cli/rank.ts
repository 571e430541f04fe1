// `npm run rank -- --ckpt SFT.safetensors (--prompts FILE.jsonl | --dataset prompts-en) --labeler concise --k 4 --out RANKINGS.jsonl`
// Makes reward-model data as InstructGPT did: K responses sampled from the SFT model for each prompt, ordered best
// first by a labeler (here a programmatic one: on-topic, positive or concise). Writes {"prompt","ranked":[...]} lines.

import { expectLanguageModel } from '../engine/checkpoint/gpt2-checkpoint';
import { parsePromptsJsonl } from '../engine/data/jsonl';
import { LABELERS, labelerById } from '../engine/labelers/labelers';
import { makeRankings } from '../engine/stages/rankings';
import { emit, parseArgs, runMain } from './args';
import { checkOutput, checkWritable, loadCheckpoint, loadJsonl, writeFileAtomic } from './files';
import { nodeGpu } from './node-gpu';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    ckpt: { kind: 'string', help: 'the SFT language model to sample from' },
    prompts: { kind: 'string', help: 'JSONL of {"prompt": ...}' },
    dataset: { kind: 'string', help: 'a bundled prompts dataset id (prompts-en, prompts-zh)' },
    labeler: { kind: 'string', help: `who orders the responses: ${LABELERS.map((l) => l.id).join(', ')} (default concise)` },
    k: { kind: 'int', help: 'responses per prompt, K >= 2 (default 4)', min: 2 },
    limit: { kind: 'int', help: 'use only the first N prompts', min: 1 },
    tokens: { kind: 'int', help: 'most tokens per response (default: what the context leaves)', min: 1 },
    temperature: { kind: 'number', help: 'sampling temperature (default 1)', min: 0 },
    'top-k': { kind: 'int', help: 'sample among the k most likely tokens, 0 = all (default 0)', min: 0 },
    seed: { kind: 'int', help: 'random seed (default 1)' },
    out: { kind: 'string', help: 'rankings file to write (.jsonl)' },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run rank -- --ckpt SFT.safetensors (--prompts FILE.jsonl | --dataset ID) --out RANKINGS.jsonl [options]');
  const json = Boolean(a.json);
  if (!a.ckpt) throw new Error('give --ckpt SFT.safetensors');
  if (!a.out) throw new Error('give --out RANKINGS.jsonl');
  const out = String(a.out);
  checkOutput(out, [a.ckpt as string, a.prompts as string | undefined]);
  const ckpt = loadCheckpoint(String(a.ckpt));
  expectLanguageModel(ckpt, String(a.ckpt));
  const labeler = labelerById(String(a.labeler ?? 'concise'));
  const { text, name } = loadJsonl({ data: a.prompts as string | undefined, dataset: a.dataset as string | undefined }, 'prompts');
  let prompts = parsePromptsJsonl(text, name).map((r) => r.prompt);
  if (a.limit !== undefined) prompts = prompts.slice(0, Math.max(1, a.limit as number));
  const k = (a.k as number | undefined) ?? 4;
  if (!Number.isInteger(k) || k < 2) throw new Error(`--k: a ranking needs K >= 2 responses per prompt (got ${k})`);
  checkWritable(out); // before any GPU work; an existing file is kept until the new one is complete
  const gpu = await nodeGpu();
  emit(json, { event: 'start', adapter: gpu.adapterName, ckpt: String(a.ckpt), prompts: prompts.length, k, labeler: labeler.id });
  const started = performance.now();
  const ranked = await makeRankings(gpu.ctx, ckpt, prompts, k, labeler, {
    temperature: (a.temperature as number | undefined) ?? 1, topK: (a['top-k'] as number | undefined) ?? 0,
    maxTokens: (a.tokens as number | undefined) ?? ckpt.config.blockSize, seed: (a.seed as number | undefined) ?? 1,
  }, (done, total) => { if (!json && process.stderr.isTTY) process.stderr.write(`\r${done}/${total} prompts`); });
  writeFileAtomic(out, ranked.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const seconds = (performance.now() - started) / 1000;
  const sampled = prompts.length * k;
  // Prompts whose responses the labeler scored all alike have nothing to compare and are left out.
  emit(json, { event: 'done', records: ranked.length, droppedPrompts: prompts.length - ranked.length, sampled, seconds, responsesPerSec: sampled / seconds, out });
});
