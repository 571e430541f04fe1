// The preset: a named model size and training recipe. Choosing one replaces the model and training settings and
// keeps the data, the seed and the classroom options.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { PRESETS } from '../../engine/presets';
import { experimentFromPreset } from '../experiment/schema';
import { actions, useLab } from '../store/store';
import { useHidden, useLocked } from './hooks';
import { useTranslation } from 'react-i18next';
import { presetText } from '../i18n/names';

export function PresetSelect() {
  const preset = useLab((s) => s.experiment.preset);
  const hidden = useHidden('preset');
  const locked = useLocked();
  const { t } = useTranslation();
  if (hidden) return null;
  const info = PRESETS.find((p) => p.name === preset);

  function choose(name: string) {
    const e = useLab.getState().experiment;
    const next = experimentFromPreset(name);
    actions.setExperiment({ ...next, dataset: e.dataset, hide: e.hide, guide: e.guide, train: { ...next.train, seed: e.train.seed } });
  }

  return (
    <label className="field">
      <span className="field-label">{t('preset.label')}</span>
      <select data-testid="control-preset" value={preset} disabled={locked} onChange={(ev) => choose(ev.target.value)}>
        {PRESETS.map((p) => (
          <option key={p.name} value={p.name} translate="no">{p.name}</option>
        ))}
      </select>
      <span className="field-hint">{info && presetText(info)}</span>
    </label>
  );
}
