// The run state and the step counter of the stage on screen. The counter is its own tiny component: it is the
// only thing that re-renders on every metrics batch.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { stageRunState, stageStep, stageSteps } from '../store/stage-select';
import { useLab } from '../store/store';
import { useTranslation } from 'react-i18next';

function StepCounter() {
  const step = useLab((s) => stageStep(s, s.activeStage));
  return <span data-testid="step">{step}</span>;
}

export function RunStatus() {
  const runState = useLab((s) => stageRunState(s, s.activeStage));
  const steps = useLab((s) => stageSteps(s, s.activeStage));
  const { t } = useTranslation();
  return (
    <div className="run-status" aria-live="polite">
      <span className={`badge state-${runState}`} data-testid="run-state" data-state={runState}>{t(`run.state.${runState}`)}</span>
      <span className="step-count">{t('run.stepCount')} <StepCounter /> / {steps}</span>
    </div>
  );
}
