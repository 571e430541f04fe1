// The programmatic labeler that ranks the SFT model's answers, with its description (in Chinese too when the
// corpus is Chinese), so a class sees exactly what the reward model will learn to prefer.
// Exercised in the browser by e2e/pipeline.e2e.mjs through its data-testid hooks.
import { LABELERS } from '../../../engine/labelers/labelers';
import { actions, useLab } from '../../store/store';
import { useHidden } from '../hooks';
import { TEXT_DATASETS } from '../../experiment/stage-data';
import { useTranslation } from 'react-i18next';

export function LabelerSelect() {
  const id = useLab((s) => s.experiment.reward.labeler);
  const zh = useLab((s) => TEXT_DATASETS.find((d) => d.id === s.experiment.dataset)?.language === 'zh');
  const busy = useLab((s) => s.rankings.progress !== null);
  const hidden = useHidden('labeler');
  const labeler = LABELERS.find((l) => l.id === id);
  const { t, i18n } = useTranslation();
  const pageZh = i18n.language === 'zh';
  return (
    <>
      {!hidden && (
        <label className="field">
          <span className="field-label">{t('labeler.label')}</span>
          <select
            data-testid="control-labeler"
            value={id}
            disabled={busy}
            onChange={(ev) => {
              const e = useLab.getState().experiment;
              actions.setExperiment({ ...e, reward: { ...e.reward, labeler: ev.target.value } });
            }}
          >
            {LABELERS.map((l) => (
              <option key={l.id} value={l.id}>{pageZh ? l.titleZh : `${l.title} · ${l.titleZh}`}</option>
            ))}
          </select>
        </label>
      )}
      {labeler && (
        <p className="field-hint" data-testid="labeler-description">
          <b>{pageZh ? labeler.titleZh : labeler.title}{pageZh ? '：' : ':'}</b> {pageZh ? labeler.descriptionZh : labeler.description}
          {zh && !pageZh && <><br />{labeler.descriptionZh}</>}
        </p>
      )}
    </>
  );
}
