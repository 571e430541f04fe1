// The controls of stage 4, PPO-ptx: how long and on what it trains (rollouts, prompts per rollout, learning rate,
// epochs, response length) and its objective (β, target KL for an adaptive β, γ for the pretraining mix). The
// labeler whose score is reported is the reward stage's. Exercised in the browser by e2e/pipeline.e2e.mjs.
import { useState } from 'react';
import { parseTargetKl } from '../../experiment/stage-schema';
import { actions, useLab } from '../../store/store';
import { useHidden, useLocked } from '../hooks';
import { NumberControl } from '../NumberControl';
import { StartsFrom } from './StartsFrom';

/** `target-kl`: empty = fixed β; a number = adapt β toward that KL per response (nats). */
function TargetKlControl() {
  const value = useLab((s) => s.experiment.ppo.targetKl);
  const hidden = useHidden('target-kl');
  const locked = useLocked('ppo');
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (hidden) return null;
  function edit(raw: string) {
    setDraft(raw);
    const parsed = parseTargetKl(raw);
    if ('error' in parsed) return setError(parsed.error);
    setError(null);
    const e = useLab.getState().experiment;
    actions.setExperiment({ ...e, ppo: { ...e.ppo, targetKl: parsed.value } });
  }
  return (
    <label className="field">
      <span className="field-label">Target KL</span>
      <input
        type="text"
        inputMode="decimal"
        placeholder="fixed β"
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
      {error ? <span className="field-error">{error}</span> : <span className="field-hint">nats / response; empty = fixed β</span>}
    </label>
  );
}

export function PpoControls() {
  const labeler = useLab((s) => s.experiment.reward.labeler);
  return (
    <>
      <section className="panel" data-testid="ppo-panel">
        <h2>PPO</h2>
        <StartsFrom stage="ppo" />
        <p className="field-hint">Rewarded by the reward model (stage 3); the labeler <b>{labeler}</b> scores the answers on the side.</p>
        <div className="field-grid">
          <NumberControl id="ppo.steps" stage="ppo" hint="rollouts" />
          <NumberControl id="ppo.batch" stage="ppo" hint="prompts / rollout" />
          <NumberControl id="ppo.lr" stage="ppo" hint="constant (as TRL)" />
          <NumberControl id="ppo.epochs" stage="ppo" hint="updates / rollout" />
          <NumberControl id="ppo.len" stage="ppo" hint="most tokens / answer" />
          <NumberControl id="ppo.temp" stage="ppo" hint="rollout sampling; 1 = the model's own" />
        </div>
      </section>
      <section className="panel">
        <h2>Objective</h2>
        <div className="field-grid">
          <NumberControl id="beta" stage="ppo" hint="KL penalty; 0 = none" />
          <TargetKlControl />
          <NumberControl id="ptx" stage="ppo" hint="pretraining mix; 0 = plain PPO" />
          <NumberControl id="ppo.clip" stage="ppo" hint="policy ratio kept in 1 ± ε" />
        </div>
      </section>
    </>
  );
}
