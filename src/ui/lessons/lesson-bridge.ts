// Starts and stops the lesson on screen in the trainer worker (which frees any pipeline run first) and feeds its
// events to the lesson store. The worker fetches nothing itself: it asks the page for each bundled dataset.
// Exercised in the browser by e2e/lessons.e2e.mjs.
import * as Comlink from 'comlink';
import type { LessonId } from '../../engine/lessons/lesson-spec';
import { bundledText } from '../corpus-text';
import { useLab } from '../store/store';
import { call, conn, disposeRun, liveApi } from '../worker-connection';
import { lessonActions, useLesson } from './lesson-store';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function runLesson(id: LessonId): Promise<void> {
  const st = useLesson.getState().status;
  if (st === 'running' || st === 'stopping') return;
  const { lesson, lang, train } = useLab.getState().experiment;
  lessonActions.start();
  try {
    const api = await liveApi();
    disposeRun();
    const overrides = { steps: lesson.steps ?? undefined, items: lesson.items ?? undefined, seed: train.seed };
    const summary = await call(
      api.runLesson({ id, lang, overrides }, Comlink.proxy((name: string) => bundledText(name)), Comlink.proxy((e) => lessonActions.event(e))),
    );
    lessonActions.finish(summary, useLesson.getState().status === 'stopping');
  } catch (e) {
    lessonActions.fail(messageOf(e));
  }
}

export function stopLesson(): void {
  if (useLesson.getState().status !== 'running') return;
  lessonActions.stopping();
  void conn.api?.stopLesson();
}
