// The reward model's training data as it stands: every ranking (best answer first), marked by where it came from
// — the labeler, a person in this page ("by hand"), or an uploaded file. Renders through React (changes rarely).
// `data-count` and `data-hand` on the list are the e2e hooks. Exercised by e2e/pipeline.e2e.mjs.
import { stageActions } from '../../store/stage-actions';
import type { RankingSource } from '../../store/stage-slice';
import { useLab } from '../../store/store';
import { ViewFrame } from '../ViewFrame';

/** Most rankings listed; the counts cover all of them. */
const SHOWN = 60;
const SOURCE: Record<RankingSource, string> = { labeler: 'labeler', hand: 'by hand', file: 'uploaded' };

export function RankingsList() {
  const rankings = useLab((s) => s.rankings);
  const { records } = rankings;
  const count = (src: RankingSource) => records.filter((r) => r.source === src).length;
  const hand = count('hand');
  return (
    <ViewFrame
      title="Rankings"
      caption="What the reward model learns from: for each prompt, K answers from the SFT model, best first. Each ranking of K answers gives K·(K−1)/2 better/worse pairs."
      empty={records.length === 0 ? 'Make rankings, upload a file, or rank answers by hand.' : null}
    >
      <p className="gl-caption">
        {records.length} rankings: {count('labeler')} by the labeler{rankings.labeler ? ` "${rankings.labeler}"` : ''}, {hand} by hand, {count('file')} uploaded{rankings.fileName ? ` from "${rankings.fileName}"` : ''}.
      </p>
      <div className="gl-rankings" data-testid="rankings" data-count={records.length} data-hand={hand}>
        {records.slice(0, SHOWN).map((r, i) => (
          <article key={i} className={`gl-ranking ${r.source}`} data-testid="ranking" data-source={r.source}>
            <header>
              {SOURCE[r.source]} · <b className="gl-text">{r.prompt}</b>{' '}
              {r.source === 'hand' && <button type="button" aria-label="Remove this ranking" onClick={() => stageActions.removeRanking(i)}>remove</button>}
            </header>
            <ol>
              {r.ranked.map((text, j) => (
                <li key={j} className="gl-text">{text || <i>(empty)</i>}</li>
              ))}
            </ol>
          </article>
        ))}
      </div>
      {records.length > SHOWN && <p className="gl-caption">…and {records.length - SHOWN} more.</p>}
    </ViewFrame>
  );
}
