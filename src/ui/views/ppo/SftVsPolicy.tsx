// The SFT model and the current policy answering the same held-out prompts with the same sampling seed, side by
// side, each answer with the reward model's and the labeler's score: what PPO changed, prompt by prompt. Updates at
// each held-out evaluation (the latest one is shown; π_SFT's answers never change). `data-rows` is the e2e hook.
// Exercised by e2e/pipeline.e2e.mjs.
import type { PpoAnswerView, PpoEvalView } from '../../../workers/protocol';
import { useLab } from '../../store/store';
import { ViewFrame } from '../ViewFrame';
import { Trans, useTranslation } from 'react-i18next';

function latestComparison(evals: readonly PpoEvalView[]): PpoEvalView | undefined {
  for (let i = evals.length - 1; i >= 0; i--) if (evals[i].compare?.length) return evals[i];
  return undefined;
}

const fmt = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(2));

function Answer({ a }: { a: PpoAnswerView }) {
  const { t } = useTranslation();
  return (
    <>
      <td className="gl-text">{a.text || <i>{t('views.empty')}</i>}{!a.finished && <i>{t('views.cutOff')}</i>}</td>
      <td className="num">{fmt(a.score)}</td>
      <td className="num">{fmt(a.labelerScore)}</td>
    </>
  );
}

export function SftVsPolicy() {
  const latest = useLab((s) => latestComparison(s.stages.ppo.ppoEvals));
  const labeler = useLab((s) => s.experiment.reward.labeler);
  const rows = latest?.compare ?? [];
  const { t } = useTranslation();
  return (
    <ViewFrame
      title={t('ppoViews.svpTitle')}
      caption={<Trans i18nKey="ppoViews.svpCaption" values={{ labeler, rollout: latest?.rollout ?? 0 }} components={{ b: <b /> }} />}
      empty={latest ? null : t('ppoViews.svpEmpty')}
    >
      {latest && (
        <table className="gl-table" data-testid="ppo-sft-vs-policy" data-rows={rows.length}>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>{t('ppoViews.colPrompt')}</th>
              <th scope="colgroup" colSpan={3}>π_SFT</th>
              <th scope="colgroup" colSpan={3}>{t('ppoViews.policyAt', { rollout: latest.rollout })}</th>
            </tr>
            <tr>
              <th scope="col">{t('ppoViews.colAnswer')}</th><th scope="col">{t('ppoViews.colRm')}</th><th scope="col">{t('ppoViews.colLabeler')}</th>
              <th scope="col">{t('ppoViews.colAnswer')}</th><th scope="col">{t('ppoViews.colRm')}</th><th scope="col">{t('ppoViews.colLabeler')}</th>
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
