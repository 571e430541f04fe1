// The latest rollout's responses as text, each with the reward model's score and the labeler's score (when the
// prompts have a labeler): where the two disagree is where the reward model can be exploited. Updates once per
// rollout through React. `data-rows` on the table is the e2e hook. Exercised by e2e/pipeline.e2e.mjs.
import { useLab } from '../../store/store';
import { ViewFrame } from '../ViewFrame';
import { END_OF_TEXT } from './kl-cells';
import { Trans, useTranslation } from 'react-i18next';

export function PpoResponses() {
  const view = useLab((s) => s.stages.ppo.ppoLatest);
  const labeler = useLab((s) => s.experiment.reward.labeler);
  const rows = view?.responses ?? [];
  const { t } = useTranslation();
  return (
    <ViewFrame
      title={t('ppoViews.responsesTitle')}
      caption={<Trans i18nKey="ppoViews.responsesCaption" values={{ labeler }} components={{ b: <b /> }} />}
      empty={view ? null : t('ppoViews.firstRollout')}
    >
      {view && (
        <table className="gl-table" data-testid="ppo-responses" data-rows={rows.length}>
          <thead>
            <tr>
              <th scope="col">{t('ppoViews.colPrompt')}</th>
              <th scope="col">{t('ppoViews.colResponse')}</th>
              <th scope="col">{t('ppoViews.colRmScore')}</th>
              <th scope="col">{t('ppoViews.colLabeler')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const text = r.tokens.filter((t) => t !== END_OF_TEXT).join('');
              return (
                <tr key={i} data-testid="ppo-response-row">
                  <td className="gl-text">{r.prompt}</td>
                  <td className="gl-text">{text || <i>{t('views.empty')}</i>}{r.tokens.at(-1) !== END_OF_TEXT && <i>{t('views.cutOff')}</i>}</td>
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
