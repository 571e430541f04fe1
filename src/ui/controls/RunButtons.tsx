// Train / pause / single step / reset for the stage on screen. Enabled by that stage's run state alone, so they
// re-render only when it changes. Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { stageRunState } from '../store/stage-select';
import { useLab } from '../store/store';
import { pause, reset, stepOnce, train } from '../worker-bridge';
import { useTranslation } from 'react-i18next';

export function RunButtons() {
  const runState = useLab((s) => stageRunState(s, s.activeStage));
  const ready = useLab((s) => s.adapter !== null && s.rankings.progress === null);
  const running = runState === 'running';
  const { t } = useTranslation();
  return (
    <div className="run-buttons">
      <button type="button" className="primary" data-testid="train-button" disabled={!ready || running} onClick={() => void train()}>
        {runState === 'paused' ? t('run.continue') : t('run.train')}
      </button>
      <button type="button" data-testid="pause-button" disabled={!running} onClick={pause}>{t('run.pause')}</button>
      <button type="button" data-testid="step-button" disabled={!ready || running} onClick={() => void stepOnce()} title={t('run.stepTitle')}>{t('run.step')}</button>
      <button type="button" data-testid="reset-button" disabled={runState === 'idle'} onClick={() => void reset()}>{t('run.reset')}</button>
    </div>
  );
}
