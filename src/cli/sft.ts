// `npm run sft -- --init CKPT (--data FILE.jsonl | --dataset sft-en) --out CKPT [--lambda L] [--steps N] ...`
// Stage 2: fine-tunes a language model on prompt/completion JSONL ({"prompt","completion"}) with the prompt masked
// and L3 = L2 + λ·L1. Prints the training loss, the held-out completion loss at each evaluation and samples for a
// few held-out prompts at the end. Writes a GPT2LMHeadModel checkpoint that records its run (for npm run export).

import { expectLanguageModel } from '../engine/checkpoint/gpt2-checkpoint';
import { parseSftJsonl } from '../engine/data/jsonl';
import { DEFAULT_LAMBDA, stageTrainConfig } from '../engine/stages/defaults';
import { SftTrainer } from '../engine/stages/sft';
import { emit, parseArgs, runMain } from './args';
import { checkOutput, checkWritable, loadCheckpoint, loadJsonl } from './files';
import { nodeGpu } from './node-gpu';
import { recordedData, recordRun } from './run-record';
import { runStageLoop } from './stage-loop';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    init: { kind: 'string', help: 'the language model to fine-tune (.safetensors, e.g. from npm run train)' },
    data: { kind: 'string', help: 'JSONL of {"prompt": ..., "completion": ...}' },
    dataset: { kind: 'string', help: 'a bundled SFT dataset id (sft-en, sft-zh)' },
    out: { kind: 'string', help: 'checkpoint to write (.safetensors)' },
    lambda: { kind: 'number', help: `λ in L3 = L2 + λ·L1: weight of the LM loss over the whole example (default ${DEFAULT_LAMBDA}; GPT-1 used 0.5)`, min: 0 },
    steps: { kind: 'int', help: 'optimizer steps', min: 1 },
    seed: { kind: 'int', help: 'random seed' },
    lr: { kind: 'number', help: 'peak learning rate', min: 0 },
    batch: { kind: 'int', help: 'examples per step', min: 1 },
    'eval-every': { kind: 'int', help: 'held-out loss every N steps (0: only at the end)', min: 0 },
    'log-every': { kind: 'int', help: 'print every N steps (default 10)', min: 1 },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run sft -- --init CKPT (--data FILE.jsonl | --dataset ID) --out CKPT [options]');
  const json = Boolean(a.json);
  if (!a.init) throw new Error('give --init CKPT (the pretrained language model)');
  const out = a.out as string | undefined;
  if (out) checkOutput(out, [a.init as string, a.data as string | undefined]);
  const init = loadCheckpoint(String(a.init));
  expectLanguageModel(init, String(a.init));
  const { text, name } = loadJsonl({ data: a.data as string | undefined, dataset: a.dataset as string | undefined }, 'sft');
  const records = parseSftJsonl(text, name);
  const train = stageTrainConfig('sft', {
    steps: a.steps as number | undefined, seed: a.seed as number | undefined, lr: a.lr as number | undefined,
    batchSize: a.batch as number | undefined, evalEvery: a['eval-every'] as number | undefined,
  });
  if (out) checkWritable(out); // before any GPU work; an existing file is kept until the new one is complete
  const gpu = await nodeGpu();
  const sft = new SftTrainer(gpu.ctx, { init, records, source: name, train, lambda: (a.lambda as number | undefined) ?? DEFAULT_LAMBDA });
  emit(json, {
    event: 'start', stage: 'sft', adapter: gpu.adapterName, data: name, init: String(a.init), params: sft.model.layout.count, vocab: sft.cfg.vocabSize,
    trainExamples: sft.trainExamples.length, valExamples: sft.valExamples.length, lambda: sft.lambda, batch: train.batchSize, steps: train.steps, lr: train.lr, seed: train.seed,
  });
  const first = await sft.evaluate();
  emit(json, { step: 0, valCompletionLoss: first });
  const { seconds } = await runStageLoop(sft, {
    json, logEvery: (a['log-every'] as number | undefined) ?? 10, out,
    evaluate: async () => ({ valCompletionLoss: await sft.evaluate() }),
    checkpoint: async () => recordRun(sft.encode(await sft.model.readParams()), {
      stage: 'sft', step: sft.stepsTaken, train, stageSettings: { lambda: sft.lambda }, preset: init.run?.preset ?? null,
      data: recordedData('sft', { data: a.data as string | undefined, dataset: a.dataset as string | undefined }),
    }),
  });
  const tok = sft.tokenizer;
  const prompts = [...new Set(records.slice(records.length - sft.valExamples.length).map((r) => r.prompt))].slice(0, 3);
  const completions = await sft.complete(prompts, { temperature: 0.8, topK: 20, seed: train.seed });
  prompts.forEach((prompt, i) => emit(json, { event: 'sample', prompt, completion: completions[i].text, finished: completions[i].finished }));
  emit(json, { event: 'done', stage: 'sft', steps: train.steps, seconds, vocab: tok.size, checkpoint: out ?? 'none' });
  sft.destroy();
});
