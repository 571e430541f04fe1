// Small store hooks shared by the controls: whether a control is hidden by a classroom link, and whether a live
// run locks the settings (they apply when a run is created, so they cannot change under a running one).
import type { ControlId } from '../experiment/schema';
import { useLab } from '../store/store';

export function useHidden(id: ControlId): boolean {
  return useLab((s) => s.experiment.hide.includes(id));
}

export function useLocked(): boolean {
  return useLab((s) => s.runState === 'running' || s.runState === 'paused');
}
