// The lesson charts' data, from the lesson store: pure functions (tested by lesson-series.test.ts) so the d3
// components only draw. Accuracies are in percent.
import { pool } from '../../engine/lessons/lesson-summary';
import type { LessonState } from './lesson-store';

/** A line: `name` is data (a task) or an id the chart words (a checkpoint's step, a λ). */
export interface XY {
  name: string;
  x: number[];
  y: number[];
}

const pct = (a: number) => 100 * a;

/** Zero-shot: one line per task, accuracy (%) against pretraining step (k = 0). */
export function zeroShotSeries(s: Pick<LessonState, 'evals'>): XY[] {
  const byTask = new Map<string, XY>();
  for (const e of s.evals) {
    for (const r of e.results) {
      if (r.shots !== 0) continue;
      const line = byTask.get(r.task) ?? { name: r.task, x: [], y: [] };
      line.x.push(e.step);
      line.y.push(pct(r.accuracy));
      byTask.set(r.task, line);
    }
  }
  return [...byTask.values()];
}

/** In-context: one line per checkpoint (named by its pretraining step), accuracy (%) pooled over tasks against k. */
export function shotsSeries(s: Pick<LessonState, 'evals'>): XY[] {
  return s.evals.map((e) => {
    const shots = [...new Set(e.results.map((r) => r.shots))].sort((a, b) => a - b);
    return { name: String(e.step), x: shots, y: shots.map((k) => pct(pool(e.results.filter((r) => r.shots === k)).accuracy)) };
  });
}

export interface Bars {
  groups: string[];
  series: Array<{ name: string; values: number[]; lo: number[]; hi: number[] }>;
}

/** Chain of thought: per run, its last evaluation's accuracy (%) per task (difficulty), with 95 % intervals. */
export function cotBars(s: Pick<LessonState, 'evals'>): Bars {
  const runs = [...new Set(s.evals.map((e) => e.run))];
  const last = runs.map((run) => s.evals.filter((e) => e.run === run).pop()!);
  const groups = [...new Set(last.flatMap((e) => e.results.map((r) => r.task)))];
  return {
    groups,
    series: last.map((e) => {
      const find = (g: string) => e.results.find((r) => r.task === g);
      return {
        name: e.run,
        values: groups.map((g) => pct(find(g)?.accuracy ?? NaN)),
        lo: groups.map((g) => pct(find(g)?.lo ?? NaN)),
        hi: groups.map((g) => pct(find(g)?.hi ?? NaN)),
      };
    }),
  };
}

/** GPT-1: one line per λ (named by it), held-out accuracy (%) against fine-tuning step; and the chance level (%). */
export function headsSeries(s: Pick<LessonState, 'heads'>): { lines: XY[]; chance: number | null } {
  const lines = new Map<number, XY>();
  for (const h of s.heads) {
    const line = lines.get(h.lambda) ?? { name: String(h.lambda), x: [], y: [] };
    line.x.push(h.step);
    line.y.push(pct(h.accuracy));
    lines.set(h.lambda, line);
  }
  return { lines: [...lines.values()], chance: s.heads.length ? pct(s.heads[0].chance) : null };
}
