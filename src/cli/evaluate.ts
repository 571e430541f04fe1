// `npm run evaluate -- --ckpt CKPT --tasks FILE.jsonl [--shots 0,1,2,4,8] [--demos FILE.jsonl] [--seed S]
//   [--limit N] [--batch B] [--json]`: zero-, one- and few-shot evaluation of a language model (GPT-2's task
// conditioning, GPT-3's in-context learning) on held-out task items — the format is in
// src/engine/eval/harness/task-file.ts. One line per (task, k), printed as soon as it is scored: a table, or with
// --json one object {task, shots, accuracy, n, correct, lo, hi, mode} (lo, hi: 95% Wilson interval). Everything is
// checked before the GPU is opened (vocabulary, demonstrations, prompt lengths against the context: the error
// says how many shots fit). A progress line on a terminal. Tested by evaluate.test.ts.

import { statSync } from 'node:fs';
import { expectLanguageModel } from '../engine/checkpoint/gpt2-checkpoint';
import { evaluateTasks, type ShotResult } from '../engine/eval/harness/evaluate';
import { planEvaluation } from '../engine/eval/harness/plan';
import { parseShots } from '../engine/eval/harness/shots';
import { parseTaskFile, type TaskSet } from '../engine/eval/harness/task-file';
import { emit, parseArgs, runMain, writeOut } from './args';
import { loadCheckpoint, readText } from './files';
import { nodeGpu } from './node-gpu';
import { Progress } from './progress';

const DEFAULT_SHOTS = '0,1,2,4,8';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    ckpt: { kind: 'string', help: 'language-model checkpoint (.safetensors)' },
    tasks: { kind: 'string', help: 'task file (JSONL of {"input","target","choices"?,"task"?} items and {"task","description"?,"template"?} headers)' },
    shots: { kind: 'string', help: `demonstrations per prompt, a comma-separated list (default ${DEFAULT_SHOTS})` },
    demos: { kind: 'string', help: "task file to draw demonstrations from (default: each task's other items)" },
    seed: { kind: 'int', help: 'seed of the demonstration draw (default 1)' },
    limit: { kind: 'int', help: 'test at most N items per task (the first ones)', min: 1 },
    batch: { kind: 'int', help: 'sequences per forward pass (default 16)', min: 1, max: 1024 },
    json: { kind: 'flag', help: 'one JSON object per (task, shots)' },
  }, 'npm run evaluate -- --ckpt FILE --tasks FILE.jsonl [--shots 0,1,2,4,8]');
  if (!a.ckpt) throw new Error('give --ckpt FILE');
  if (!a.tasks) throw new Error('give --tasks FILE.jsonl');
  const json = Boolean(a.json);
  const shots = parseShots(String(a.shots ?? DEFAULT_SHOTS));
  const ckpt = loadCheckpoint(String(a.ckpt));
  expectLanguageModel(ckpt, String(a.ckpt));
  const tasks = readTasks(String(a.tasks));
  const demos = a.demos !== undefined ? readTasks(String(a.demos)) : undefined;
  const opts = { shots, seed: (a.seed as number | undefined) ?? 1, limit: a.limit as number | undefined, batch: a.batch as number | undefined, demos };
  const plan = planEvaluation(ckpt.tokenizer, ckpt.config.blockSize, tasks, opts); // every refusal before the GPU opens
  const gpu = await nodeGpu();
  const table = new Table(tasks);
  const progress = new Progress('evaluate', plan.items, 'items', { json });
  if (!json) writeOut(table.header());
  try {
    await evaluateTasks(gpu.ctx, ckpt, tasks, {
      ...opts,
      onItem: (done) => progress.update(done),
      onResult: (r) => {
        progress.clear();
        if (json) emit(true, { task: r.task, shots: r.shots, accuracy: r.accuracy, n: r.n, correct: r.correct, lo: r.lo, hi: r.hi, mode: r.mode });
        else writeOut(table.row(r));
      },
    });
  } finally {
    progress.clear();
  }
});

/** A task file; an empty one reaches parseTaskFile (its message names a task file, not a corpus). */
function readTasks(file: string): TaskSet {
  return parseTaskFile(isEmptyFile(file) ? '' : readText(file), file);
}

function isEmptyFile(file: string): boolean {
  try {
    return statSync(file).isFile() && statSync(file).size === 0;
  } catch {
    return false; // readText names the reason
  }
}

/** Aligned columns, the task column as wide as the longest task name. */
class Table {
  private readonly width: number;

  constructor(tasks: TaskSet) {
    this.width = Math.max(4, ...tasks.tasks.map((t) => t.name.length));
  }

  header(): string {
    return `${'task'.padEnd(this.width)}  shots  mode    ${'n'.padStart(5)}  correct  accuracy  95% interval\n`;
  }

  row(r: ShotResult): string {
    return `${r.task.padEnd(this.width)}  ${String(r.shots).padStart(5)}  ${r.mode.padEnd(6)}  ${String(r.n).padStart(5)}  ${String(r.correct).padStart(7)}  ${r.accuracy.toFixed(3).padStart(8)}  [${r.lo.toFixed(3)}, ${r.hi.toFixed(3)}]\n`;
  }
}
