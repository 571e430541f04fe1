// Small store hooks shared by the controls: whether a control is hidden by a classroom link, and whether a live
// run of a stage locks its settings (they apply when a run is created, so they cannot change under a running one).
import type { Stage } from '../../workers/protocol';
import type { ControlId } from '../experiment/schema';
import { stageRunState } from '../store/stage-select';
import { useLab } from '../store/store';

export function useHidden(id: ControlId): boolean {
  return useLab((s) => s.experiment.hide.includes(id));
}

export function useLocked(stage: Stage = 'pretrain'): boolean {
  return useLab((s) => {
    const state = stageRunState(s, stage);
    return state === 'running' || state === 'paused';
  });
}
