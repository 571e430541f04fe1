// The training text: a bundled dataset, or the visitor's own uploaded text (offered once there is one).
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { textDatasets } from '../../engine/data/datasets';
import { UPLOADED_DATASET } from '../experiment/types';
import { actions, useLab } from '../store/store';
import { useHidden, useLocked } from './hooks';
import { useTranslation } from 'react-i18next';
import { datasetText } from '../i18n/names';

export function DatasetSelect() {
  const dataset = useLab((s) => s.experiment.dataset);
  const upload = useLab((s) => s.upload);
  const hidden = useHidden('dataset');
  const uploadHidden = useHidden('upload');
  const locked = useLocked();
  const { t } = useTranslation();
  if (hidden) return null;
  const corpora = textDatasets(); // pretraining text only, not the SFT or prompt files
  const info = corpora.find((d) => d.id === dataset);

  return (
    <label className="field">
      <span className="field-label">{t('dataset.label')}</span>
      <select
        data-testid="control-dataset"
        value={dataset}
        disabled={locked}
        onChange={(ev) => actions.setExperiment({ ...useLab.getState().experiment, dataset: ev.target.value })}
      >
        {corpora.map((d) => (
          <option key={d.id} value={d.id}>{datasetText(d, 'title')}</option>
        ))}
        {!uploadHidden && (
          <option value={UPLOADED_DATASET} disabled={!upload}>
            {upload ? t('dataset.yourText', { name: upload.name }) : t('dataset.uploadHint')}
          </option>
        )}
      </select>
      <span className="field-hint">
        {info ? t('dataset.info', { description: datasetText(info, 'description'), chars: info.chars, vocab: info.vocab }) : upload && t('dataset.uploadInfo', { chars: Array.from(upload.text).length })}
      </span>
    </label>
  );
}
