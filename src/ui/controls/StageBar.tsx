// The four stages that turned GPT into InstructGPT, with the objective each one optimizes, as the pipeline the
// lab trains: each stage shows its status (not started, training, paused, done, with its step) and selecting one
// shows its controls and views. SFT, the reward model and PPO open once the stage before has a checkpoint. While a stage trains the others cannot be opened (the worker trains one run at a time).
// Exercised in the browser by e2e/pipeline.e2e.mjs; the status text by stage-actions.test.ts.
import type { Stage } from '../../workers/protocol';
import { stageActions } from '../store/stage-actions';
import { STAGE_ORDER, stageOpen, stageRunState, stageStatus, stageStep, stageSteps } from '../store/stage-select';
import { useLab } from '../store/store';
import { useTranslation } from 'react-i18next';
import { say } from '../i18n/i18n';

function StageTab({ id }: { id: Stage }) {
  const active = useLab((s) => s.activeStage === id);
  const open = useLab((s) => stageOpen(s, id));
  const busyElsewhere = useLab((s) => STAGE_ORDER.some((o) => o !== id && stageRunState(s, o) === 'running'));
  const step = useLab((s) => stageStep(s, id));
  const steps = useLab((s) => stageSteps(s, id));
  const state = useLab((s) => stageRunState(s, id));
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={active ? 'stage active' : 'stage'}
      data-testid={`stage-${id}`}
      data-state={state}
      aria-current={active ? 'step' : undefined}
      disabled={!open || (busyElsewhere && !active)}
      title={open ? undefined : t('stages.needsCheckpoint')}
      onClick={() => stageActions.select(id)}
    >
      <strong>{t(`stages.${id}.title`)}</strong>
      <span className="stage-status" data-testid={`stage-status-${id}`}> — {say(stageStatus(state, step, steps))}</span>
      <span className="stage-objective">{t(`stages.${id}.objective`)}</span>
    </button>
  );
}

export function StageBar() {
  const { t } = useTranslation();
  return (
    <nav className="stagebar" aria-label={t('stages.navLabel')}>
      {STAGE_ORDER.map((id) => <StageTab key={id} id={id} />)}
    </nav>
  );
}
