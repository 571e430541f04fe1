// The controls of stage 2, supervised fine-tuning: its data, steps, learning rate, batch and λ, and the
// checkpoint it starts from. Exercised in the browser by e2e/pipeline.e2e.mjs through its data-testid hooks.
import { useLab } from '../../store/store';
import { NumberControl } from '../NumberControl';
import { StageDataSelect } from './StageDataSelect';
import { StartsFrom } from './StartsFrom';
import { useTranslation } from 'react-i18next';

export function SftControls() {
  const lambda = useLab((s) => s.experiment.sft.lambda);
  const { t } = useTranslation();
  return (
    <>
      <section className="panel">
        <h2>{t('sft.demonstrations')}</h2>
        <StartsFrom stage="sft" />
        <StageDataSelect id="sft.data" label={t('sft.data')} />
      </section>
      <section className="panel">
        <h2>{t('sft.fineTuning')}</h2>
        <div className="field-grid">
          <NumberControl id="sft.steps" stage="sft" />
          <NumberControl id="sft.lr" stage="sft" hint={t('hints.peakCosine')} />
          <NumberControl id="sft.batch" stage="sft" hint={t('sft.hints.examplesPerStep')} />
          <NumberControl id="lambda" stage="sft" hint={lambda > 0 ? t('sft.hints.lambdaOn') : t('sft.hints.lambdaOff')} />
        </div>
      </section>
    </>
  );
}
