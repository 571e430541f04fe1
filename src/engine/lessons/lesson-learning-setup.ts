// What the lessons' CI learning tests share: a lesson's own recipe (lesson-spec.ts) with a test budget — fewer
// pretraining steps and one evaluation at the end — run on the bundled data read from public/datasets, and what
// it measured. The stated margins of issue 9's learning tests live in the tests that use this.
// Used by in-context.test.ts, gpt1-heads.test.ts and chain-of-thought.test.ts.
import { readFileSync } from 'node:fs';
import type { GpuContext } from '../../kernels/runtime/context';
import { datasetPath } from '../data/datasets';
import { lessonSpec, type LessonId, type LessonOverrides, type LessonSpec } from './lesson-spec';
import { summarizeLesson, type LessonSummary } from './lesson-summary';
import { runLesson, type LessonEvent } from './run-lesson';

/**
 * Runs lesson `id` (English data) with `o`, its evaluations only after the last pretraining step, `tweak` applied
 * last (e.g. fewer shots or one λ), and summarises it.
 */
export async function runLessonForTest(ctx: GpuContext, id: LessonId, o: LessonOverrides, tweak: (s: LessonSpec) => LessonSpec = (s) => s): Promise<{ spec: LessonSpec; summary: LessonSummary; events: LessonEvent[] }> {
  const base = lessonSpec(id, 'en', o);
  const spec = tweak({ ...base, evalSteps: base.evalSteps.length ? [base.train.steps] : [] });
  const events: LessonEvent[] = [];
  const t0 = performance.now();
  await runLesson(ctx, spec, { load: async (name) => readFileSync(`public/${datasetPath(name)}`, 'utf8'), onEvent: (e) => events.push(e) });
  const summary = summarizeLesson(id, events);
  console.log(`lesson ${id}, ${spec.train.steps} steps, seed ${spec.train.seed} (${((performance.now() - t0) / 1000).toFixed(0)} s):\n  ${summary.lines.join('\n  ')}`);
  return { spec, summary, events };
}
