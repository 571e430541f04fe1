// One held-out prompt's K responses with the reward the model gives each, the labeler's rank (1 = best) and the
// model's rank; rows where the two ranks differ are highlighted. Updates once per evaluation, through React.
// `data-rows` and `data-disagreements` on the table are the e2e hooks. Exercised by e2e/pipeline.e2e.mjs.
import { useLab } from '../../store/store';
import { ViewFrame } from '../ViewFrame';
import { useTranslation } from 'react-i18next';

export function ResponseTable() {
  const view = useLab((s) => s.stages.reward.rewardEval);
  const rows = view?.table.responses ?? [];
  const { t } = useTranslation();
  const disagreements = rows.filter((r) => r.labelerRank !== r.modelRank).length;
  return (
    <ViewFrame
      title={t('rewardViews.tableTitle')}
      caption={t('rewardViews.tableCaption')}
      empty={view ? null : t('rewardViews.firstEval')}
    >
      {view && (
        <>
          <p className="gl-caption">
            {t('rewardViews.tableSummary', { step: view.step })}<b className="gl-text">{view.table.prompt}</b>{t('rewardViews.ranksDiffer', { differ: disagreements, total: rows.length })}
          </p>
          <table className="gl-table" data-testid="response-table" data-rows={rows.length} data-disagreements={disagreements}>
            <thead>
              <tr>
                <th scope="col">{t('rewardViews.colResponse')}</th>
                <th scope="col">{t('rewardViews.colReward')}</th>
                <th scope="col">{t('rewardViews.colLabelerRank')}</th>
                <th scope="col">{t('rewardViews.colModelRank')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} className={r.labelerRank !== r.modelRank ? 'disagree' : undefined} data-testid="response-row">
                  <td className="gl-text">{r.text || <i>{t('views.empty')}</i>}</td>
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
