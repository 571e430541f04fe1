// The reward model's training data as it stands: every ranking (best answer first), marked by where it came from
// — the labeler, a person in this page ("by hand"), or an uploaded file. Renders through React (changes rarely).
// `data-count` and `data-hand` on the list are the e2e hooks. Exercised by e2e/pipeline.e2e.mjs.
import { stageActions } from '../../store/stage-actions';
import type { RankingSource } from '../../store/stage-slice';
import { useLab } from '../../store/store';
import { ViewFrame } from '../ViewFrame';
import { useTranslation } from 'react-i18next';

/** Most rankings listed; the counts cover all of them. */
const SHOWN = 60;

export function RankingsList() {
  const rankings = useLab((s) => s.rankings);
  const { records } = rankings;
  const count = (src: RankingSource) => records.filter((r) => r.source === src).length;
  const hand = count('hand');
  const { t } = useTranslation();
  return (
    <ViewFrame
      title={t('rewardViews.listTitle')}
      caption={t('rewardViews.listCaption')}
      empty={records.length === 0 ? t('rewardViews.listEmpty') : null}
    >
      <p className="gl-caption">
        {t('rewardViews.listSummary', {
          total: records.length, labeler: count('labeler'), hand, file: count('file'),
          labelerName: rankings.labeler ? t('rewardViews.labelerName', { name: rankings.labeler }) : '',
          fileName: rankings.fileName ? t('rewardViews.fromFile', { name: rankings.fileName }) : '',
        })}
      </p>
      <div className="gl-rankings" data-testid="rankings" data-count={records.length} data-hand={hand}>
        {records.slice(0, SHOWN).map((r, i) => (
          <article key={i} className={`gl-ranking ${r.source}`} data-testid="ranking" data-source={r.source}>
            <header>
              {t(`rewardViews.source.${r.source}`)} · <b className="gl-text">{r.prompt}</b>{' '}
              {r.source === 'hand' && <button type="button" aria-label={t('rewardViews.removeLabel')} onClick={() => stageActions.removeRanking(i)}>{t('rewardViews.remove')}</button>}
            </header>
            <ol>
              {r.ranked.map((text, j) => (
                <li key={j} className="gl-text">{text || <i>{t('views.empty')}</i>}</li>
              ))}
            </ol>
          </article>
        ))}
      </div>
      {records.length > SHOWN && <p className="gl-caption">{t('rewardViews.more', { count: records.length - SHOWN })}</p>}
    </ViewFrame>
  );
}
