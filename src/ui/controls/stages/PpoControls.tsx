// The controls of stage 4, PPO-ptx: how long and on what it trains (rollouts, prompts per rollout, learning rate,
// epochs, response length) and its objective (β, target KL for an adaptive β, γ for the pretraining mix). The
// labeler whose score is reported is the reward stage's. Exercised in the browser by e2e/pipeline.e2e.mjs.
import { useState } from 'react';
import { parseTargetKl } from '../../experiment/stage-schema';
import { actions, useLab } from '../../store/store';
import { useHidden, useLocked } from '../hooks';
import { NumberControl } from '../NumberControl';
import { StartsFrom } from './StartsFrom';
import { Trans, useTranslation } from 'react-i18next';
import { say, type Msg } from '../../i18n/i18n';

/** `target-kl`: empty = fixed β; a number = adapt β toward that KL per response (nats). */
function TargetKlControl() {
  const value = useLab((s) => s.experiment.ppo.targetKl);
  const hidden = useHidden('target-kl');
  const locked = useLocked('ppo');
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  const { t } = useTranslation();
  if (hidden) return null;
  function edit(raw: string) {
    setDraft(raw);
    const parsed = parseTargetKl(raw);
    if ('why' in parsed) return setError(parsed.why);
    setError(null);
    const e = useLab.getState().experiment;
    actions.setExperiment({ ...e, ppo: { ...e.ppo, targetKl: parsed.value } });
  }
  return (
    <label className="field">
      <span className="field-label">{t('ppo.targetKl')}</span>
      <input
        type="text"
        inputMode="decimal"
        placeholder={t('ppo.fixedBeta')}
        data-testid="control-target-kl"
        value={draft ?? (value === null ? '' : String(value))}
        disabled={locked}
        aria-invalid={error !== null}
        onChange={(ev) => edit(ev.target.value)}
        onBlur={() => {
          setDraft(null);
          setError(null);
        }}
      />
      {error ? <span className="field-error">{say(error)}</span> : <span className="field-hint">{t('ppo.targetKlHint')}</span>}
    </label>
  );
}

export function PpoControls() {
  const labeler = useLab((s) => s.experiment.reward.labeler);
  const { t } = useTranslation();
  return (
    <>
      <section className="panel" data-testid="ppo-panel">
        <h2>{t('ppo.panel')}</h2>
        <StartsFrom stage="ppo" />
        <p className="field-hint"><Trans i18nKey="ppo.rewardedBy" values={{ labeler }} components={{ b: <b /> }} /></p>
        <div className="field-grid">
          <NumberControl id="ppo.steps" stage="ppo" hint={t('ppo.hints.rollouts')} />
          <NumberControl id="ppo.batch" stage="ppo" hint={t('ppo.hints.promptsPerRollout')} />
          <NumberControl id="ppo.lr" stage="ppo" hint={t('ppo.hints.constant')} />
          <NumberControl id="ppo.epochs" stage="ppo" hint={t('ppo.hints.updatesPerRollout')} />
          <NumberControl id="ppo.len" stage="ppo" hint={t('ppo.hints.tokensPerAnswer')} />
          <NumberControl id="ppo.temp" stage="ppo" hint={t('ppo.hints.temperature')} />
        </div>
      </section>
      <section className="panel">
        <h2>{t('ppo.objective')}</h2>
        <div className="field-grid">
          <NumberControl id="beta" stage="ppo" hint={t('ppo.hints.beta')} />
          <TargetKlControl />
          <NumberControl id="ptx" stage="ppo" hint={t('ppo.hints.ptx')} />
          <NumberControl id="ppo.clip" stage="ppo" hint={t('ppo.hints.clip')} />
        </div>
      </section>
    </>
  );
}
