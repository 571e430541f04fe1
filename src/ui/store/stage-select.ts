// Selectors over any stage: its run state, step and configured step count, whether it may start (the stage
// before it has a checkpoint) and what it starts from. Pure functions of the store state, usable in `useLab(…)`.
// Tested by stage-actions.test.ts.
import type { RunState, SavedState, Stage } from '../../workers/protocol';
import type { LabState } from './store';
import { english, msg, type Msg } from '../i18n/i18n';

export const STAGE_ORDER: readonly Stage[] = ['pretrain', 'sft', 'reward', 'ppo'];

export function stageRunState(s: LabState, stage: Stage): RunState {
  if (stage === 'pretrain') return s.runState;
  return s.stages[stage].runState;
}

export function stageStep(s: LabState, stage: Stage): number {
  if (stage === 'pretrain') return s.step;
  return s.stages[stage].step;
}

export function stageSteps(s: LabState, stage: Stage): number {
  if (stage === 'sft') return s.experiment.sft.steps;
  if (stage === 'reward') return s.experiment.reward.steps;
  if (stage === 'ppo') return s.experiment.ppo.steps;
  return s.experiment.train.steps;
}

/** The checkpoint a stage starts from: the newest snapshot of the stage before it. */
export function stageInit(s: LabState, stage: Stage): SavedState | null {
  const i = STAGE_ORDER.indexOf(stage);
  return i > 0 ? (s.saved[STAGE_ORDER[i - 1]] ?? null) : null;
}

/** Whether a stage can be opened: pretraining always; SFT, reward and PPO once the stage before has a checkpoint,
 *  or once they have a run of their own (their curves stay viewable). */
export function stageOpen(s: LabState, stage: Stage): boolean {
  if (stage === 'pretrain') return true;
  return stageInit(s, stage) !== null || s.stages[stage].runState !== 'idle' || s.stages[stage].metrics.length > 0;
}

/** The stage bar's status line: "not started", "training · step 12 / 150", "paused · step 12 / 150", "done · step 150". */
export function stageStatusText(s: LabState, stage: Stage): string {
  return english(stageStatus(stageRunState(s, stage), stageStep(s, stage), stageSteps(s, stage)));
}

/** The status line as a catalogue message, from a stage's run state, step and configured steps. */
export function stageStatus(state: RunState, step: number, steps: number): Msg {
  switch (state) {
    case 'idle': return step > 0 ? msg('stages.status.paused', { step, steps }) : msg('stages.status.notStarted');
    case 'running': return msg('stages.status.training', { step, steps });
    case 'paused': return msg('stages.status.paused', { step, steps });
    case 'done': return msg('stages.status.done', { step });
    case 'error': return msg('stages.status.failed', { step, steps });
  }
}
