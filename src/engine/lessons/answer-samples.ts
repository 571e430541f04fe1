// What a lesson's model actually wrote: its greedy answer (the harness's decoding: until end of text or a newline,
// at most the longest target + EXACT_SLACK tokens) to the first held-out item of each exact-match task, with no
// example in the prompt — for the chain-of-thought lesson, the worked lines a class reads beside the chart.
// Tested by chain-of-thought.test.ts (the samples agree with the harness's exact match of the same model).

import type { GpuContext } from '../../kernels/runtime/context';
import type { Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import { GPT } from '../model/gpt';
import { EXACT_SLACK } from '../eval/harness/plan';
import { buildPrompt } from '../eval/harness/prompts';
import { greedyAnswers } from '../eval/harness/score';
import type { TaskSet } from '../eval/harness/task-file';

export interface AnswerSample {
  task: string;
  prompt: string;
  /** The model's answer, up to (without) its newline. */
  answer: string;
  target: string;
  /** The answer equals the target (both trimmed), as the harness scores exact match. */
  correct: boolean;
}

export async function answerSamples(ctx: GpuContext, ckpt: Gpt2Checkpoint, tasks: TaskSet, seed: number): Promise<AnswerSample[]> {
  const asked = tasks.tasks.filter((t) => t.mode === 'exact' && t.items.length > 0).map((t) => ({ task: t, item: t.items[0] }));
  if (asked.length === 0) return [];
  const prompts = asked.map(({ task, item }) => buildPrompt(task, item, 0, [], seed));
  const encode = (s: string) => ckpt.tokenizer.encode(s).length;
  const cap = Math.max(...asked.map(({ item }) => encode(item.target))) + EXACT_SLACK;
  const T = Math.min(ckpt.config.blockSize, Math.max(...prompts.map(encode)) + cap);
  const model = new GPT(ctx, ckpt.config, asked.length, T, { training: false });
  try {
    model.loadParams(ckpt.flat);
    const answers = await greedyAnswers(model, ckpt.tokenizer, prompts, cap);
    return asked.map(({ task, item }, i) => ({ task: task.name, prompt: prompts[i], answer: answers[i], target: item.target, correct: answers[i].trim() === item.target.trim() }));
  } finally {
    model.destroy();
  }
}
