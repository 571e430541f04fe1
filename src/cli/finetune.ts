// `npm run finetune -- --ckpt PRE.safetensors --data TASK.jsonl [--lambda 0.5] [--steps N] [--out OUT.safetensors] ...`
// GPT-1 fine-tuning with a task head: classification {"text","label"}, entailment {"premise","hypothesis","label"},
// similarity {"text_a","text_b","label"} or multiple choice {"context","choices","label"} JSONL (the kind from the
// keys), L3 = L2 + λ·L1. Prints held-out task accuracy (with the chance level) at the start and at every evaluation,
// the training loss L3 with its parts, and a final line; writes a GPT2ForSequenceClassification or
// GPT2DoubleHeadsModel checkpoint. With --json every line is one object: training lines {step, loss (L3), taskLoss,
// lmLoss (L1, null when λ = 0), accuracy (on the batch), n (examples in the batch), ...}, evaluations {event:
// "eval", step, accuracy, taskLoss, n, chance}. Tested by finetune.test.ts.

import { expectLanguageModel } from '../engine/checkpoint/gpt2-checkpoint';
import { DEFAULT_TASK_LAMBDA, TASK_TRAIN, TaskHeadTrainer } from '../engine/stages/task-heads';
import { parseTaskJsonl } from '../engine/tasks/task-records';
import { emit, parseArgs, runMain } from './args';
import { checkOutput, checkWritable, loadCheckpoint, readText } from './files';
import { nodeGpu } from './node-gpu';
import { runStageLoop } from './stage-loop';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    ckpt: { kind: 'string', help: 'the pretrained language model to fine-tune (.safetensors, e.g. from npm run train)' },
    data: { kind: 'string', help: 'task JSONL: {"text","label"}, {"premise","hypothesis","label"}, {"text_a","text_b","label"} or {"context","choices","label"}' },
    out: { kind: 'string', help: 'task model to write (.safetensors)' },
    lambda: { kind: 'number', help: `λ in L3 = L2 + λ·L1, the weight of the LM loss on the inputs (default ${DEFAULT_TASK_LAMBDA}, as GPT-1; 0 for none)`, min: 0 },
    steps: { kind: 'int', help: `optimizer steps (default ${TASK_TRAIN.steps})`, min: 1 },
    seed: { kind: 'int', help: 'random seed' },
    lr: { kind: 'number', help: `peak learning rate (default ${TASK_TRAIN.lr})`, min: 0 },
    batch: { kind: 'int', help: `sequences per step; whole examples are packed (default ${TASK_TRAIN.batchSize})`, min: 1 },
    'eval-every': { kind: 'int', help: `held-out accuracy every N steps (default ${TASK_TRAIN.evalEvery}; 0: only at the end)`, min: 0 },
    'log-every': { kind: 'int', help: 'print every N steps (default 10)', min: 1 },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run finetune -- --ckpt CKPT --data TASK.jsonl [--out OUT.safetensors] [options]');
  const json = Boolean(a.json);
  if (!a.ckpt) throw new Error('give --ckpt CKPT (the pretrained language model)');
  if (!a.data) throw new Error('give --data TASK.jsonl (the task records)');
  const out = a.out as string | undefined;
  if (out) checkOutput(out, [a.ckpt as string, a.data as string]);
  const init = loadCheckpoint(String(a.ckpt));
  expectLanguageModel(init, String(a.ckpt));
  const source = String(a.data);
  const records = parseTaskJsonl(readText(source), source);
  const train = { ...TASK_TRAIN };
  for (const [key, opt] of [['steps', 'steps'], ['seed', 'seed'], ['lr', 'lr'], ['batchSize', 'batch'], ['evalEvery', 'eval-every']] as const) {
    if (a[opt] !== undefined) train[key] = a[opt] as number;
  }
  if (out) checkWritable(out); // before any GPU work; an existing file is kept until the new one is complete
  const gpu = await nodeGpu();
  const ft = new TaskHeadTrainer(gpu.ctx, { init, records, source, train, lambda: (a.lambda as number | undefined) ?? DEFAULT_TASK_LAMBDA });
  const chance = ft.chance;
  emit(json, {
    event: 'start', stage: 'finetune', task: ft.kind, classes: ft.kind === 'multiple_choice' ? 'choices' : ft.task.labels.join(','), adapter: gpu.adapterName, data: source,
    ckpt: String(a.ckpt), params: ft.model.layout.count, trainExamples: ft.trainExamples.length, valExamples: ft.valExamples.length, lambda: ft.lambda,
    batch: train.batchSize, steps: train.steps, lr: train.lr, seed: train.seed,
  });
  const evaluate = async () => {
    const e = await ft.evaluate();
    return { event: 'eval', accuracy: e.accuracy, taskLoss: e.loss, n: e.n, chance };
  };
  emit(json, { step: 0, ...(await evaluate()) });
  const { seconds, last } = await runStageLoop(ft, {
    json, logEvery: (a['log-every'] as number | undefined) ?? 10, out, evaluate,
    checkpoint: async () => ft.encode(await ft.model.readParams()),
    extra: (m) => {
      const f = ft.stepFigures;
      return { taskLoss: f.taskLoss, lmLoss: Number.isNaN(f.lmLoss) ? null : f.lmLoss, accuracy: m.accuracy, n: f.examples };
    },
  });
  emit(json, { event: 'done', stage: 'finetune', task: ft.kind, steps: train.steps, seconds, accuracy: last?.accuracy, chance, n: last?.n, checkpoint: out ?? 'none' });
  ft.destroy();
});
