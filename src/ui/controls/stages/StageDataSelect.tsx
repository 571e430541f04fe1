// The data file of a later stage: SFT demonstrations (`sft.data`) or reward prompts (`rm.data`). "Matching the
// corpus" (the default, not written into links) follows the pretraining corpus's language.
// Exercised in the browser by e2e/pipeline.e2e.mjs through its data-testid hooks.
import { datasetsOfKind, matchingDataset } from '../../experiment/stage-data';
import { canonicalData } from '../../experiment/stage-schema';
import { actions, useLab } from '../../store/store';
import { useHidden, useLocked } from '../hooks';
import { useTranslation } from 'react-i18next';
import { datasetText } from '../../i18n/names';

const KINDS = { 'sft.data': 'sft', 'rm.data': 'prompts' } as const;

export function StageDataSelect({ id, label }: { id: keyof typeof KINDS; label: string }) {
  const kind = KINDS[id];
  const stage = id === 'sft.data' ? 'sft' : 'reward';
  const corpus = useLab((s) => s.experiment.dataset);
  const chosen = useLab((s) => (id === 'sft.data' ? s.experiment.sft.data : s.experiment.reward.prompts));
  const hidden = useHidden(id);
  const locked = useLocked(stage);
  const { t } = useTranslation();
  if (hidden) return null;
  const options = datasetsOfKind(kind);
  const fallback = matchingDataset(kind, corpus);
  const value = chosen ?? fallback ?? '';
  const info = options.find((d) => d.id === value);

  function pick(next: string) {
    const e = useLab.getState().experiment;
    const data = canonicalData(kind, next, e.dataset);
    actions.setExperiment(id === 'sft.data' ? { ...e, sft: { ...e.sft, data } } : { ...e, reward: { ...e.reward, prompts: data } });
  }

  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select data-testid={`control-${id}`} value={value} disabled={locked || options.length === 0} onChange={(ev) => pick(ev.target.value)}>
        {options.length === 0 && <option value="">{t('stageData.noneBundled')}</option>}
        {options.map((d) => (
          <option key={d.id} value={d.id}>{datasetText(d, 'title')}{d.id === fallback ? t('stageData.matches') : ''}</option>
        ))}
      </select>
      {info && <span className="field-hint">{datasetText(info, 'description')}</span>}
    </label>
  );
}
