// The SFT model and the current policy answering the same held-out prompts with the same sampling seed, side by
// side, each answer with the reward model's and the labeler's score: what PPO changed, prompt by prompt. Updates at
// each held-out evaluation (the latest one is shown; π_SFT's answers never change). `data-rows` is the e2e hook.
// Exercised by e2e/pipeline.e2e.mjs.
import type { PpoAnswerView, PpoEvalView } from '../../../workers/protocol';
import { useLab } from '../../store/store';
import { ViewFrame } from '../ViewFrame';

function latestComparison(evals: readonly PpoEvalView[]): PpoEvalView | undefined {
  for (let i = evals.length - 1; i >= 0; i--) if (evals[i].compare?.length) return evals[i];
  return undefined;
}

const fmt = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(2));

function Answer({ a }: { a: PpoAnswerView }) {
  return (
    <>
      <td className="gl-text">{a.text || <i>(empty)</i>}{!a.finished && <i> (cut off)</i>}</td>
      <td className="num">{fmt(a.score)}</td>
      <td className="num">{fmt(a.labelerScore)}</td>
    </>
  );
}

export function SftVsPolicy() {
  const latest = useLab((s) => latestComparison(s.stages.ppo.ppoEvals));
  const labeler = useLab((s) => s.experiment.reward.labeler);
  const rows = latest?.compare ?? [];
  return (
    <ViewFrame
      title="SFT model against the policy"
      caption={<>The same held-out prompts answered by π_SFT (before PPO) and by the policy after rollout {latest?.rollout ?? 0}, with the same random seed. RM = reward-model score (normalised: SFT answers average 0); labeler = <b>{labeler}</b>'s score, the preference the reward model learned to imitate.</>}
      empty={latest ? null : 'Appears at the first held-out evaluation of PPO.'}
    >
      {latest && (
        <table className="gl-table" data-testid="ppo-sft-vs-policy" data-rows={rows.length}>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>prompt</th>
              <th scope="colgroup" colSpan={3}>π_SFT</th>
              <th scope="colgroup" colSpan={3}>policy (rollout {latest.rollout})</th>
            </tr>
            <tr>
              <th scope="col">answer</th><th scope="col">RM</th><th scope="col">labeler</th>
              <th scope="col">answer</th><th scope="col">RM</th><th scope="col">labeler</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td className="gl-text">{r.prompt}</td>
                <Answer a={r.sft} />
                <Answer a={r.policy} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ViewFrame>
  );
}
