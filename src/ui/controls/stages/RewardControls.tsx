// The controls of stage 3, the reward model: how its rankings are made (labeler, prompts, K, how many prompts)
// and how it trains (steps, learning rate, batch). Exercised in the browser by e2e/pipeline.e2e.mjs.
import { NumberControl } from '../NumberControl';
import { LabelerSelect } from './LabelerSelect';
import { RankingsData } from './RankingsData';
import { StageDataSelect } from './StageDataSelect';
import { StartsFrom } from './StartsFrom';
import { useTranslation } from 'react-i18next';

export function RewardControls() {
  const { t } = useTranslation();
  return (
    <>
      <section className="panel">
        <h2>{t('reward.rankingsPanel')}</h2>
        <StartsFrom stage="reward" />
        <LabelerSelect />
        <StageDataSelect id="rm.data" label={t('reward.prompts')} />
        <div className="field-grid">
          <NumberControl id="k" stage="reward" hint={t('reward.hints.answersPerPrompt')} />
          <NumberControl id="rm.prompts" stage="reward" hint={t('reward.hints.mostPrompts')} />
        </div>
        <RankingsData />
      </section>
      <section className="panel">
        <h2>{t('reward.trainingPanel')}</h2>
        <div className="field-grid">
          <NumberControl id="rm.steps" stage="reward" />
          <NumberControl id="rm.lr" stage="reward" hint={t('hints.peakCosine')} />
          <NumberControl id="rm.batch" stage="reward" hint={t('reward.hints.answersPerStep')} />
        </div>
      </section>
    </>
  );
}
