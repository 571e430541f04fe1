// The model's size: layers, heads, width and context (the preset sets them; a change here overrides it).
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { NumberControl } from './NumberControl';
import { useTranslation } from 'react-i18next';

export function ModelSize() {
  const { t } = useTranslation();
  return (
    <div className="field-grid">
      <NumberControl id="layers" />
      <NumberControl id="heads" />
      <NumberControl id="width" hint={t('hints.channelsC')} />
      <NumberControl id="context" hint={t('hints.charactersT')} />
    </div>
  );
}
