// Redraws a d3 chart at most once per animation frame: when one of its sources says so (`subscribe` hands each source
// the `request` function and returns their unsubscribers), when the chart is resized, and when the caller calls the
// returned `request()`. The shared core of use-store-draw.ts (the lab's views) and lessons/use-lesson-draw.ts.
// Checked through the views' and lessons' e2e screenshots.
import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/** Subscribes `request` to what should redraw the chart; keep it stable (module level or memoised). */
export type DrawSources = (request: () => void) => (() => void)[];

export function useFrameDraw(root: RefObject<HTMLElement | null>, subscribe: DrawSources, draw: (width: number) => void): () => void {
  const drawRef = useRef(draw);
  useLayoutEffect(() => {
    drawRef.current = draw;
  });
  const frame = useRef(0);
  const request = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const width = root.current?.clientWidth ?? 0;
      if (width > 0) drawRef.current(width);
    });
  }, [root]);
  useEffect(() => {
    const unsubscribe = subscribe(request);
    const resize = new ResizeObserver(request);
    if (root.current) resize.observe(root.current);
    request();
    return () => {
      unsubscribe.forEach((u) => u());
      resize.disconnect();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [root, subscribe, request]);
  return request;
}
