// What a lesson measured, from its events: the figures each lesson is about (zero-shot accuracy per task before
// and after pretraining; accuracy against the number of in-context examples; chain of thought against direct
// answers by difficulty; a GPT-1 task head with and without the auxiliary LM loss) and one sentence per figure for
// the page, the command line and the closing note. Pure: tested by lesson-summary.test.ts.

import type { ShotResult } from '../eval/harness/evaluate';
import { wilsonInterval } from '../eval/harness/interval';
import type { LessonEvent } from './run-lesson';
import type { LessonId } from './lesson-spec';

export interface Pooled {
  correct: number;
  n: number;
  accuracy: number;
  lo: number;
  hi: number;
}

/** Accuracy over every task's items together (for lessons with many small tasks, e.g. one per mapping). */
export function pool(results: readonly ShotResult[]): Pooled {
  const correct = results.reduce((a, r) => a + r.correct, 0);
  const n = results.reduce((a, r) => a + r.n, 0);
  const { lo, hi } = wilsonInterval(correct, n);
  return { correct, n, accuracy: n ? correct / n : 0, lo, hi };
}

export interface LessonSummary {
  /** Named figures (accuracies in 0..1), e.g. `k0`, `k8`, `gain`, `direct`, `cot`. */
  figures: Record<string, number>;
  /** One plain sentence per finding. */
  lines: string[];
}

type EvalEvent = Extract<LessonEvent, { type: 'eval' }>;
type HeadsEvent = Extract<LessonEvent, { type: 'heads' }>;

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
const range = (p: Pooled) => `${pct(p.accuracy)} (${p.correct}/${p.n}, 95 % interval ${pct(p.lo)}–${pct(p.hi)})`;

function lastEval(events: readonly LessonEvent[], run?: string): EvalEvent | undefined {
  const evals = events.filter((e): e is EvalEvent => e.type === 'eval' && (run === undefined || e.run === run));
  return evals[evals.length - 1];
}

export function summarizeLesson(id: LessonId, events: readonly LessonEvent[]): LessonSummary {
  const figures: Record<string, number> = {};
  const lines: string[] = [];
  if (id === 'zero-shot') {
    const evals = events.filter((e): e is EvalEvent => e.type === 'eval');
    const first = evals[0], last = evals[evals.length - 1];
    if (first && last) {
      for (const r of last.results) {
        const before = first.results.find((b) => b.task === r.task && b.shots === r.shots);
        figures[r.task] = r.accuracy;
        lines.push(`${r.task}: ${range(pool([r]))} zero-shot after ${last.step} steps${before ? `, ${pct(before.accuracy)} at step ${first.step}` : ''}.`);
      }
      figures.mean = last.results.reduce((a, r) => a + r.accuracy, 0) / Math.max(1, last.results.length);
    }
  } else if (id === 'in-context') {
    const last = lastEval(events);
    if (last) {
      const shots = [...new Set(last.results.map((r) => r.shots))].sort((a, b) => a - b);
      for (const k of shots) {
        const p = pool(last.results.filter((r) => r.shots === k));
        figures[`k${k}`] = p.accuracy;
        lines.push(`${k} example${k === 1 ? '' : 's'} in the prompt: ${range(p)} after ${last.step} steps.`);
      }
      const lo = shots[0], hi = shots[shots.length - 1];
      if (shots.length > 1) figures.gain = figures[`k${hi}`] - figures[`k${lo}`];
    }
    const ind = events.filter((e): e is Extract<LessonEvent, { type: 'induction' }> => e.type === 'induction').pop();
    if (ind) {
      figures.induction = ind.scores.best.score;
      lines.push(`Strongest induction head: layer ${ind.scores.best.layer + 1}, head ${ind.scores.best.head + 1}, with ${pct(ind.scores.best.score)} of its attention on the token after the earlier occurrence.`);
    }
  } else if (id === 'chain-of-thought') {
    const runs = [...new Set(events.filter((e): e is EvalEvent => e.type === 'eval').map((e) => e.run))];
    for (const run of runs) {
      const last = lastEval(events, run)!;
      const p = pool(last.results);
      figures[run] = p.accuracy;
      const byTask = last.results.map((r) => `${r.task} ${pct(r.accuracy)}`).join(', ');
      lines.push(`${run}: ${range(p)} exact answers after ${last.step} steps (${byTask}).`);
    }
    if (runs.length === 2) figures.gain = figures[runs[1]] - figures[runs[0]];
  } else {
    const heads = events.filter((e): e is HeadsEvent => e.type === 'heads');
    const lambdas = [...new Set(heads.map((h) => h.lambda))];
    for (const lambda of lambdas) {
      const last = heads.filter((h) => h.lambda === lambda).pop()!;
      figures[`lambda${lambda}`] = last.accuracy;
      figures.chance = last.chance;
      lines.push(`λ = ${lambda}: held-out accuracy ${pct(last.accuracy)} (n = ${last.n}, 95 % interval ${pct(last.lo)}–${pct(last.hi)}) after ${last.step} fine-tuning steps; chance is ${pct(last.chance)}.`);
    }
  }
  return { figures, lines };
}
