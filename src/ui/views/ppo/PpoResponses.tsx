// The latest rollout's responses as text, each with the reward model's score and the labeler's score (when the
// prompts have a labeler): where the two disagree is where the reward model can be exploited. Updates once per
// rollout through React. `data-rows` on the table is the e2e hook. Exercised by e2e/pipeline.e2e.mjs.
import { useLab } from '../../store/store';
import { ViewFrame } from '../ViewFrame';
import { END_OF_TEXT } from './kl-cells';

export function PpoResponses() {
  const view = useLab((s) => s.stages.ppo.ppoLatest);
  const labeler = useLab((s) => s.experiment.reward.labeler);
  const rows = view?.responses ?? [];
  return (
    <ViewFrame
      title="Latest rollout's answers"
      caption={<>What the policy wrote, the reward model's score and the labeler's (<b>{labeler}</b>) score. A high score with a low labeler score is the reward model being fooled.</>}
      empty={view ? null : 'Appears after the first PPO rollout.'}
    >
      {view && (
        <table className="gl-table" data-testid="ppo-responses" data-rows={rows.length}>
          <thead>
            <tr>
              <th scope="col">prompt</th>
              <th scope="col">response</th>
              <th scope="col">RM score</th>
              <th scope="col">labeler</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const text = r.tokens.filter((t) => t !== END_OF_TEXT).join('');
              return (
                <tr key={i} data-testid="ppo-response-row">
                  <td className="gl-text">{r.prompt}</td>
                  <td className="gl-text">{text || <i>(empty)</i>}{r.tokens.at(-1) !== END_OF_TEXT && <i> (cut off)</i>}</td>
                  <td className="num">{r.score.toFixed(3)}</td>
                  <td className="num">{r.labelerScore === null || !Number.isFinite(r.labelerScore) ? '—' : r.labelerScore.toFixed(3)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </ViewFrame>
  );
}
