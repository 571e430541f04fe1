// Redraws a lesson chart when the lesson store or the page's language changes (at most once per animation frame) or
// the chart is resized: the lesson's counterpart of views/use-store-draw.ts, on the same core (views/use-frame-draw.ts).
// Checked through the lesson e2e test's screenshots.
import type { RefObject } from 'react';
import { useLab } from '../store/store';
import { useFrameDraw, type DrawSources } from '../views/use-frame-draw';
import { useLesson } from './lesson-store';

const LESSON_SOURCES: DrawSources = (request) => [useLesson.subscribe((s) => s.version, request), useLab.subscribe((s) => s.experiment.lang, request)];

export function useLessonDraw(root: RefObject<HTMLElement | null>, draw: (width: number) => void): void {
  useFrameDraw(root, LESSON_SOURCES, draw);
}
