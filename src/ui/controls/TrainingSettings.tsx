// The optimisation settings: learning rate, batch, steps, warmup, gradient clip, weight decay and seed.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { NumberControl } from './NumberControl';
import { useTranslation } from 'react-i18next';

export function TrainingSettings() {
  const { t } = useTranslation();
  return (
    <div className="field-grid">
      <NumberControl id="lr" hint={t('hints.peakCosine')} />
      <NumberControl id="batch" hint={t('hints.sequencesPerStep')} />
      <NumberControl id="steps" />
      <NumberControl id="warmup" />
      <NumberControl id="clip" hint={t('hints.clipOff')} />
      <NumberControl id="decay" />
      <NumberControl id="seed" hint={t('hints.sameSeed')} />
    </div>
  );
}
