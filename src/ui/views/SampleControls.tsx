// The sampling settings of the probes: prompt (applied on Enter or blur), temperature and top-k (applied as they
// change). Each change goes to the store's `actions.setProbes`, which the app shell forwards to the worker.
import { useEffect, useState } from 'react';
import { actions, useLab } from '../store/store';
import { useTranslation } from 'react-i18next';

export function SampleControls() {
  const prompt = useLab((s) => s.probes.samplePrompt);
  const temperature = useLab((s) => s.probes.temperature);
  const topK = useLab((s) => s.probes.topK);
  const [draft, setDraft] = useState(prompt);
  useEffect(() => setDraft(prompt), [prompt]);
  const { t } = useTranslation();
  const commit = () => draft !== prompt && actions.setProbes({ samplePrompt: draft });
  return (
    <>
      <label>
        {t('views.prompt')}
        <input type="text" size={24} value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      </label>
      <label title={t('views.temperatureTitle')}>
        {t('views.temperature')}
        <input type="range" min={0} max={2} step={0.05} value={temperature} onChange={(e) => actions.setProbes({ temperature: Number(e.target.value) })} />
        <output>{temperature.toFixed(2)}</output>
      </label>
      <label title={t('views.topKTitle')}>
        {t('views.topK')}
        <input type="number" min={0} step={1} style={{ width: '5em' }} value={topK} onChange={(e) => {
          const k = Math.floor(Number(e.target.value));
          if (Number.isFinite(k) && k >= 0) actions.setProbes({ topK: k });
        }} />
      </label>
    </>
  );
}
