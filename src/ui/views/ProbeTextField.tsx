// Edits the probe text whose activations and attention the views show; applied on Enter or when the field loses
// focus, so the worker is not asked to re-probe on every keystroke.
import { useEffect, useState } from 'react';
import { actions, useLab } from '../store/store';
import { useTranslation } from 'react-i18next';

export function ProbeTextField() {
  const probeText = useLab((s) => s.probes.probeText);
  const [draft, setDraft] = useState(probeText);
  useEffect(() => setDraft(probeText), [probeText]);
  const { t } = useTranslation();
  const commit = () => draft !== probeText && actions.setProbes({ probeText: draft });
  return (
    <label title={t('views.probeTextTitle')}>
      {t('views.probeText')}
      <input type="text" size={32} value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
    </label>
  );
}
