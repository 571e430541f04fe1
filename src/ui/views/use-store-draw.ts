// Redraws a d3 view when chosen store slices change — at most once per animation frame and without React
// re-renders (zustand transient updates through `useLab.subscribe`) — and when the view is resized.
// Returns `request()` for redraws caused by the view's own controls. Checked through the views' screenshots.
import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { useLab, type LabState } from '../store/store';

/** A store selector whose change means "redraw"; keep the array of them at module level (stable). */
export type Trigger = (s: LabState) => unknown;

const LANG: Trigger = (s) => s.experiment.lang;

export function useStoreDraw(root: RefObject<HTMLElement | null>, triggers: readonly Trigger[], draw: (width: number) => void): () => void {
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
    // every view redraws when the page's language changes (its axis titles and legends are words)
    const unsubscribe = [...triggers, LANG].map((t) => useLab.subscribe(t, request));
    const resize = new ResizeObserver(request);
    if (root.current) resize.observe(root.current);
    request();
    return () => {
      unsubscribe.forEach((u) => u());
      resize.disconnect();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [root, triggers, request]);
  return request;
}
