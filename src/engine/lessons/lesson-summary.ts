// What a lesson measured, from its events: the figures each lesson is about (zero-shot accuracy per task before
// and after pretraining; accuracy against the number of in-context examples; chain of thought against direct
// answers by difficulty; a GPT-1 task head with and without the auxiliary LM loss) as findings — a kind and its
// numbers, which the page words in the reader's language — and the same findings as English sentences for the
// command line and the closing note. Pure: tested by lesson-summary.test.ts.

import type { ShotResult } from '../eval/harness/evaluate';
import { wilsonInterval } from '../eval/harness/interval';
import { RUN_LABELS, type LessonId, type RunId } from './lesson-spec';
import type { LessonEvent } from './run-lesson';

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

/** Percentages are whole numbers (0–100); `step` counts pretraining (or, for heads, fine-tuning) steps. */
interface Share {
  acc: number;
  correct: number;
  n: number;
  lo: number;
  hi: number;
}

export type Finding =
  | { kind: 'zeroShot'; task: string; step: number; firstStep: number; before: number } & Share
  | { kind: 'shots'; k: number; step: number } & Share
  | { kind: 'induction'; layer: number; head: number; score: number }
  | { kind: 'cot'; run: RunId; step: number; byTask: Array<{ task: string; acc: number }> } & Share
  | { kind: 'heads'; lambda: number; step: number; chance: number } & Share;

export interface LessonSummary {
  /** Named figures (accuracies in 0..1), e.g. `k0`, `k8`, `gain`, `direct`, `cot`, `lambda0.5`. */
  figures: Record<string, number>;
  findings: Finding[];
  /** The findings as English sentences. */
  lines: string[];
}

type EvalEvent = Extract<LessonEvent, { type: 'eval' }>;
type HeadsEvent = Extract<LessonEvent, { type: 'heads' }>;

const pct = (x: number) => Math.round(100 * x);
const share = (p: Pooled): Share => ({ acc: pct(p.accuracy), correct: p.correct, n: p.n, lo: pct(p.lo), hi: pct(p.hi) });

function lastEval(events: readonly LessonEvent[], run?: RunId): EvalEvent | undefined {
  const evals = events.filter((e): e is EvalEvent => e.type === 'eval' && (run === undefined || e.run === run));
  return evals[evals.length - 1];
}

function findings(id: LessonId, events: readonly LessonEvent[], figures: Record<string, number>): Finding[] {
  const out: Finding[] = [];
  if (id === 'zero-shot') {
    const evals = events.filter((e): e is EvalEvent => e.type === 'eval');
    const first = evals[0], last = evals[evals.length - 1];
    if (!first || !last) return out;
    for (const r of last.results) {
      const before = first.results.find((b) => b.task === r.task && b.shots === r.shots);
      figures[r.task] = r.accuracy;
      out.push({ kind: 'zeroShot', task: r.task, step: last.step, firstStep: first.step, before: pct(before?.accuracy ?? 0), ...share(pool([r])) });
    }
    figures.mean = last.results.reduce((a, r) => a + r.accuracy, 0) / Math.max(1, last.results.length);
  } else if (id === 'in-context') {
    const last = lastEval(events);
    if (last) {
      const shots = [...new Set(last.results.map((r) => r.shots))].sort((a, b) => a - b);
      for (const k of shots) {
        const p = pool(last.results.filter((r) => r.shots === k));
        figures[`k${k}`] = p.accuracy;
        out.push({ kind: 'shots', k, step: last.step, ...share(p) });
      }
      if (shots.length > 1) figures.gain = figures[`k${shots[shots.length - 1]}`] - figures[`k${shots[0]}`];
    }
    const ind = events.filter((e): e is Extract<LessonEvent, { type: 'induction' }> => e.type === 'induction').pop();
    if (ind) {
      figures.induction = ind.scores.best.score;
      out.push({ kind: 'induction', layer: ind.scores.best.layer + 1, head: ind.scores.best.head + 1, score: pct(ind.scores.best.score) });
    }
  } else if (id === 'chain-of-thought') {
    const runs = [...new Set(events.filter((e): e is EvalEvent => e.type === 'eval').map((e) => e.run))];
    for (const run of runs) {
      const last = lastEval(events, run)!;
      const p = pool(last.results);
      figures[run] = p.accuracy;
      out.push({ kind: 'cot', run, step: last.step, byTask: last.results.map((r) => ({ task: r.task, acc: pct(r.accuracy) })), ...share(p) });
    }
    if (runs.length === 2) figures.gain = figures[runs[1]] - figures[runs[0]];
  } else {
    const heads = events.filter((e): e is HeadsEvent => e.type === 'heads');
    for (const lambda of [...new Set(heads.map((h) => h.lambda))]) {
      const last = heads.filter((h) => h.lambda === lambda).pop()!;
      figures[`lambda${lambda}`] = last.accuracy;
      figures.chance = last.chance;
      out.push({ kind: 'heads', lambda, step: last.step, chance: pct(last.chance), acc: pct(last.accuracy), correct: Math.round(last.accuracy * last.n), n: last.n, lo: pct(last.lo), hi: pct(last.hi) });
    }
  }
  return out;
}

/** A finding in English (the command line's words; the page has its own in both languages). */
export function englishFinding(f: Finding): string {
  const share = (s: Share) => `${s.acc} % (${s.correct}/${s.n}, 95 % interval ${s.lo}–${s.hi} %)`;
  switch (f.kind) {
    case 'zeroShot':
      return `${f.task}: ${share(f)} zero-shot after ${f.step} steps; ${f.before} % at step ${f.firstStep}.`;
    case 'shots':
      return `${f.k} example${f.k === 1 ? '' : 's'} in the prompt: ${share(f)} after ${f.step} steps.`;
    case 'induction':
      return `Strongest induction head: layer ${f.layer}, head ${f.head}, with ${f.score} % of its attention on the tokens that followed earlier occurrences of the current one.`;
    case 'cot':
      return `${RUN_LABELS[f.run]}: ${f.acc} % exact answers (${f.correct}/${f.n}, 95 % interval ${f.lo}–${f.hi} %) after ${f.step} steps (${f.byTask.map((t) => `${t.task} ${t.acc} %`).join(', ')}).`;
    case 'heads':
      return `λ = ${f.lambda}: held-out accuracy ${f.acc} % (n = ${f.n}, 95 % interval ${f.lo}–${f.hi} %) after ${f.step} fine-tuning steps; chance is ${f.chance} %.`;
  }
}

export function summarizeLesson(id: LessonId, events: readonly LessonEvent[]): LessonSummary {
  const figures: Record<string, number> = {};
  const found = findings(id, events, figures);
  return { figures, findings: found, lines: found.map(englishFinding) };
}
