// One held-out prompt's K responses with the reward the model gives each, the labeler's rank (1 = best) and the
// model's rank; rows where the two ranks differ are highlighted. Updates once per evaluation, through React.
// `data-rows` and `data-disagreements` on the table are the e2e hooks. Exercised by e2e/pipeline.e2e.mjs.
import { useLab } from '../../store/store';
import { ViewFrame } from '../ViewFrame';

export function ResponseTable() {
  const view = useLab((s) => s.stages.reward.rewardEval);
  const rows = view?.table.responses ?? [];
  const disagreements = rows.filter((r) => r.labelerRank !== r.modelRank).length;
  return (
    <ViewFrame
      title="K answers, two rankings"
      caption="One held-out prompt's answers: the reward the model gives each, and where the labeler and the model rank it. Highlighted rows are where they disagree."
      empty={view ? null : 'Appears at the reward model\'s first evaluation.'}
    >
      {view && (
        <>
          <p className="gl-caption">
            step {view.step} · prompt: <b className="gl-text">{view.table.prompt}</b> · {disagreements} of {rows.length} ranks differ
          </p>
          <table className="gl-table" data-testid="response-table" data-rows={rows.length} data-disagreements={disagreements}>
            <thead>
              <tr>
                <th scope="col">response</th>
                <th scope="col">reward</th>
                <th scope="col">labeler rank</th>
                <th scope="col">model rank</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} className={r.labelerRank !== r.modelRank ? 'disagree' : undefined} data-testid="response-row">
                  <td className="gl-text">{r.text || <i>(empty)</i>}</td>
                  <td className="num">{r.reward.toFixed(3)}</td>
                  <td className="num">{r.labelerRank}</td>
                  <td className="num">{r.modelRank}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </ViewFrame>
  );
}
