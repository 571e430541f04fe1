// The GPT-1 lesson's second half: the pretrained model fine-tuned with a task head (stages/task-heads.ts) once per
// λ — L3 = L2 + λ·L1 with λ = 0.5 as in the paper, and λ = 0, the task loss alone — from the same checkpoint, with
// the same seed and data order, reporting held-out accuracy (and its 95 % interval) every `evalEvery` steps.
// Tested by gpt1-heads.test.ts (the head beats chance) and in the browser by e2e/lessons.e2e.mjs.

import type { GpuContext } from '../../kernels/runtime/context';
import type { Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import { DEFAULT_TRAIN } from '../config';
import { wilsonInterval } from '../eval/harness/interval';
import { TaskHeadTrainer } from '../stages/task-heads';
import { parseTaskJsonl, taskLabels, type TaskRecord } from '../tasks/task-records';
import type { HeadsPlan, RunId } from './lesson-spec';
import type { LessonHooks } from './run-lesson';

/** Accuracy of guessing: 1 / classes, or for multiple choice the mean of 1 / choices. */
export function chanceLevel(records: readonly TaskRecord[], source: string): number {
  const choices = records.filter((r) => 'choices' in r) as Array<TaskRecord & { choices: string[] }>;
  if (choices.length) return choices.reduce((a, r) => a + 1 / r.choices.length, 0) / choices.length;
  return 1 / taskLabels(records, source).length;
}

export async function runHeads(ctx: GpuContext, init: Gpt2Checkpoint, plan: HeadsPlan, seed: number, run: RunId, hooks: LessonHooks): Promise<void> {
  const stopped = hooks.stopped ?? (() => false);
  const records = parseTaskJsonl(await hooks.load(plan.tasks), plan.tasks);
  const chance = chanceLevel(records, plan.tasks);
  const train = { ...DEFAULT_TRAIN, steps: plan.steps, lr: plan.lr, batchSize: plan.batchSize, warmupSteps: Math.min(10, Math.floor(plan.steps / 5)), evalEvery: 0, seed };
  for (const lambda of plan.lambdas) {
    if (stopped()) return;
    const t = new TaskHeadTrainer(ctx, { init, records, source: plan.tasks, train, lambda, maxInFlight: 2 });
    try {
      hooks.onEvent({ type: 'phase', run, phase: 'finetune', label: plan.tasks, steps: plan.steps, lambda });
      const evaluate = async () => {
        const e = await t.evaluate();
        const { lo, hi } = wilsonInterval(Math.round(e.accuracy * e.n), e.n);
        hooks.onEvent({ type: 'heads', run, lambda, step: t.stepsTaken, accuracy: e.accuracy, n: e.n, lo, hi, chance });
      };
      await evaluate();
      while (t.stepsTaken < plan.steps && !stopped()) {
        await t.step();
        if (t.stepsTaken % plan.evalEvery === 0 || t.stepsTaken === plan.steps) await evaluate();
      }
      await t.flush();
      t.throwIfDiverged();
    } finally {
      t.destroy();
    }
  }
}
