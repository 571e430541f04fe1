// The preset: a named model size and training recipe. Choosing one replaces the model and training settings and
// keeps the data, the seed and the classroom options.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { PRESETS } from '../../engine/presets';
import { experimentFromPreset } from '../experiment/schema';
import { actions, useLab } from '../store/store';
import { useHidden, useLocked } from './hooks';

export function PresetSelect() {
  const preset = useLab((s) => s.experiment.preset);
  const hidden = useHidden('preset');
  const locked = useLocked();
  if (hidden) return null;

  function choose(name: string) {
    const e = useLab.getState().experiment;
    const next = experimentFromPreset(name);
    actions.setExperiment({ ...next, dataset: e.dataset, hide: e.hide, guide: e.guide, train: { ...next.train, seed: e.train.seed } });
  }

  return (
    <label className="field">
      <span className="field-label">Preset</span>
      <select data-testid="control-preset" value={preset} disabled={locked} onChange={(ev) => choose(ev.target.value)}>
        {PRESETS.map((p) => (
          <option key={p.name} value={p.name}>{p.name}</option>
        ))}
      </select>
      <span className="field-hint">{PRESETS.find((p) => p.name === preset)?.description}</span>
    </label>
  );
}
