// Redraws a d3 view when chosen store slices change — at most once per animation frame and without React
// re-renders (zustand transient updates through `useLab.subscribe`) — and when the view is resized.
// Returns `request()` for redraws caused by the view's own controls. Checked through the views' screenshots.
import { useCallback, type RefObject } from 'react';
import { useLab, type LabState } from '../store/store';
import { useFrameDraw } from './use-frame-draw';

/** A store selector whose change means "redraw"; keep the array of them at module level (stable). */
export type Trigger = (s: LabState) => unknown;

const LANG: Trigger = (s) => s.experiment.lang;

export function useStoreDraw(root: RefObject<HTMLElement | null>, triggers: readonly Trigger[], draw: (width: number) => void): () => void {
  // every view redraws when the page's language changes (its axis titles and legends are words)
  const subscribe = useCallback((request: () => void) => [...triggers, LANG].map((t) => useLab.subscribe(t, request)), [triggers]);
  return useFrameDraw(root, subscribe, draw);
}
