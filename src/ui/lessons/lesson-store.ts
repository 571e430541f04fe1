// The state of the lesson on screen (`guide=<lesson>`): whether it runs, each model's loss curve, every evaluation
// the worker reported (harness accuracies, GPT-1 head accuracies, induction scores, what the models wrote) and,
// when it ends, what it measured. Its own small zustand store: a lesson page shows none of the pipeline's views.
// Tested by lesson-store.test.ts.
import { create } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import type { LessonEvent, LessonSummary } from '../../workers/protocol';

export const LESSON_STATUSES = ['idle', 'running', 'stopping', 'done', 'stopped', 'error'] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

export interface LessonLoss {
  run: string;
  step: number[];
  loss: number[];
}

export interface LessonState {
  status: LessonStatus;
  /** The phase now running: which model, which data, how many steps. */
  phase: Extract<LessonEvent, { type: 'phase' }> | null;
  step: number;
  losses: LessonLoss[];
  evals: Extract<LessonEvent, { type: 'eval' }>[];
  heads: Extract<LessonEvent, { type: 'heads' }>[];
  induction: Extract<LessonEvent, { type: 'induction' }> | null;
  /** What each model wrote for a few held-out questions (chain of thought). */
  samples: Extract<LessonEvent, { type: 'samples' }>[];
  summary: LessonSummary | null;
  error: string | null;
  /** Bumped on every event: the charts' redraw trigger. */
  version: number;
}

const fresh = (): Omit<LessonState, 'version'> => ({ status: 'idle', phase: null, step: 0, losses: [], evals: [], heads: [], induction: null, samples: [], summary: null, error: null });

export const useLesson = create<LessonState>()(subscribeWithSelector(() => ({ ...fresh(), version: 0 })));

const bump = (patch: Partial<LessonState>) => useLesson.setState((s) => ({ ...patch, version: s.version + 1 }));

export const lessonActions = {
  start(): void {
    bump({ ...fresh(), status: 'running' });
  },
  event(e: LessonEvent): void {
    const s = useLesson.getState();
    if (e.type === 'phase') {
      const losses = e.phase === 'pretrain' && !s.losses.some((l) => l.run === e.run) ? [...s.losses, { run: e.run, step: [], loss: [] }] : s.losses;
      return bump({ phase: e, step: 0, losses });
    }
    if (e.type === 'step') {
      const l = s.losses.find((x) => x.run === e.run);
      if (l) {
        l.step.push(e.step);
        l.loss.push(e.loss);
      }
      return bump({ step: e.step });
    }
    if (e.type === 'eval') return bump({ evals: [...s.evals, e] });
    if (e.type === 'heads') return bump({ heads: [...s.heads, e] });
    if (e.type === 'samples') return bump({ samples: [...s.samples.filter((x) => x.run !== e.run), e] });
    bump({ induction: e });
  },
  stopping(): void {
    bump({ status: 'stopping' });
  },
  finish(summary: LessonSummary, stopped: boolean): void {
    bump({ summary, status: stopped ? 'stopped' : 'done' });
  },
  fail(message: string): void {
    bump({ status: 'error', error: message });
  },
  reset(): void {
    bump(fresh());
  },
};
