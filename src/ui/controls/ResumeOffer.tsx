// Offers the run saved in this browser: "Resume from step N" after a reload (naming the later stages and rankings
// it holds too), "Restart from last checkpoint" after a failed run or a lost GPU.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { actions, useLab } from '../store/store';
import { resumeSaved } from '../worker-bridge';
import { useTranslation } from 'react-i18next';
import { say } from '../i18n/i18n';

export function ResumeOffer() {
  const resumable = useLab((s) => s.resumable);
  const lang = useLab((s) => s.experiment.lang);
  const failed = useLab((s) => s.runState === 'error');
  const ready = useLab((s) => s.adapter !== null);
  const { t } = useTranslation();
  if (!resumable) return null;
  return (
    <section className="panel resume">
      <p>
        {failed ? t('resume.lastCheckpoint') : t('resume.savedRun')}{t('resume.atStep', { step: resumable.step })}
        {resumable.stages && <span data-testid="resume-stages">{t('resume.andStages', { stages: resumable.stages.map(say).join(t('resume.stages.join')) })}</span>}
        <span className="field-hint">{t('resume.savedAt', { when: new Date(resumable.savedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : undefined) })}</span>{lang === 'zh' ? '。' : '.'}
      </p>
      <div className="run-buttons">
        <button type="button" className="primary" data-testid="resume-button" disabled={!ready && !failed} onClick={() => void resumeSaved()}>
          {failed ? t('resume.restart', { step: resumable.step }) : t('resume.resume', { step: resumable.step })}
        </button>
        <button type="button" onClick={() => actions.setResumable(null)}>{t('resume.dismiss')}</button>
      </div>
    </section>
  );
}
