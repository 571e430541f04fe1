// Redraws a lesson chart when the lesson store or the page's language changes (at most once per animation frame) or
// the chart is resized:
// the lesson's counterpart of views/use-store-draw.ts. Checked through the lesson e2e test's screenshots.
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { useLab } from '../store/store';
import { useLesson } from './lesson-store';

export function useLessonDraw(root: RefObject<HTMLElement | null>, draw: (width: number) => void): void {
  const drawRef = useRef(draw);
  useLayoutEffect(() => {
    drawRef.current = draw;
  });
  useEffect(() => {
    let frame = 0;
    const request = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const width = root.current?.clientWidth ?? 0;
        if (width > 0) drawRef.current(width);
      });
    };
    const unsubscribe = [useLesson.subscribe((s) => s.version, request), useLab.subscribe((s) => s.experiment.lang, request)];
    const resize = new ResizeObserver(request);
    if (root.current) resize.observe(root.current);
    request();
    return () => {
      unsubscribe.forEach((u) => u());
      resize.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [root]);
}
