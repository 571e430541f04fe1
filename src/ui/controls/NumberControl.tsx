// One numeric setting (layers, lr, seed, …) as a labelled number input. Edits are validated with the URL schema's
// field table and committed only when valid; an invalid draft shows why and reverts on blur.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { useState } from 'react';
import { crossFieldMsg, fieldKey, numberField, parseField, type NumberKey } from '../experiment/schema';
import { say, type Msg } from '../i18n/i18n';
import type { Stage } from '../../workers/protocol';
import { actions, useLab } from '../store/store';
import { useHidden, useLocked } from './hooks';
import { useTranslation } from 'react-i18next';

/** `stage`: the stage whose live run locks this setting (pretraining by default). */
export function NumberControl({ id, hint, stage = 'pretrain' }: { id: NumberKey; hint?: string; stage?: Stage }) {
  const field = numberField(id);
  const value = useLab((s) => field.get(s.experiment));
  const hidden = useHidden(id);
  const locked = useLocked(stage);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  const { t } = useTranslation();
  if (hidden) return null;

  function edit(raw: string) {
    setDraft(raw);
    const parsed = parseField(field, raw);
    if ('why' in parsed) return setError(parsed.why);
    const next = field.set(useLab.getState().experiment, parsed.value);
    const problem = crossFieldMsg(id, next);
    if (problem) return setError(problem);
    setError(null);
    actions.setExperiment(next);
  }

  return (
    <label className="field">
      <span className="field-label">{t(`fields.${fieldKey(id)}`)}</span>
      <input
        type="number"
        data-testid={`control-${id}`}
        value={draft ?? String(value)}
        min={field.min}
        max={field.max}
        step={field.int ? 1 : 'any'}
        disabled={locked}
        aria-invalid={error !== null}
        onChange={(ev) => edit(ev.target.value)}
        onBlur={() => {
          setDraft(null);
          setError(null);
        }}
      />
      {error ? <span className="field-error">{say(error)}</span> : hint && <span className="field-hint">{hint}</span>}
    </label>
  );
}
