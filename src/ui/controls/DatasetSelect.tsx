// The training text: a bundled dataset, or the visitor's own uploaded text (offered once there is one).
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { textDatasets } from '../../engine/data/datasets';
import { UPLOADED_DATASET } from '../experiment/types';
import { actions, useLab } from '../store/store';
import { useHidden, useLocked } from './hooks';

export function DatasetSelect() {
  const dataset = useLab((s) => s.experiment.dataset);
  const upload = useLab((s) => s.upload);
  const hidden = useHidden('dataset');
  const uploadHidden = useHidden('upload');
  const locked = useLocked();
  if (hidden) return null;
  const corpora = textDatasets(); // pretraining text only, not the SFT or prompt files
  const info = corpora.find((d) => d.id === dataset);

  return (
    <label className="field">
      <span className="field-label">Dataset</span>
      <select
        data-testid="control-dataset"
        value={dataset}
        disabled={locked}
        onChange={(ev) => actions.setExperiment({ ...useLab.getState().experiment, dataset: ev.target.value })}
      >
        {corpora.map((d) => (
          <option key={d.id} value={d.id}>{d.title}</option>
        ))}
        {!uploadHidden && (
          <option value={UPLOADED_DATASET} disabled={!upload}>
            {upload ? `Your text: ${upload.name}` : 'Your text… (upload a .txt file below)'}
          </option>
        )}
      </select>
      <span className="field-hint">
        {info ? `${info.description} ${info.chars.toLocaleString()} characters, ${info.vocab} distinct.` : upload && `${Array.from(upload.text).length.toLocaleString()} characters.`}
      </span>
    </label>
  );
}
