// One SFT training example as the loss sees it: each token a cell, prompt tokens grey (masked, not predicted),
// completion tokens coloured (targets of L2, end-of-text included); with λ > 0 every token also counts in L1 with
// weight λ. `data-tokens` / `data-counted` on the root are the e2e hooks. Exercised by e2e/pipeline.e2e.mjs;
// token labels come from token-label.ts (tested by token-label.test.ts).
import { useLab } from '../../store/store';
import { Legend } from '../Legend';
import { tokenLabel } from '../token-label';
import { ViewFrame } from '../ViewFrame';
import { useTranslation } from 'react-i18next';

const PROMPT = '#adb5bd';
const COMPLETION = '#2f9e44';

export function SftExample() {
  const view = useLab((s) => s.stages.sft.sftExample);
  const { t } = useTranslation();
  const counted = view ? view.counted.reduce((a, b) => a + b, 0) : 0;
  return (
    <ViewFrame
      title={t('sftViews.exampleTitle')}
      caption={t('sftViews.exampleCaption')}
      empty={view ? null : t('sftViews.appears')}
    >
      <Legend
        entries={[
          { label: t('sftViews.promptLegend'), color: PROMPT, kind: 'box' },
          { label: t('sftViews.completionLegend'), color: COMPLETION, kind: 'box' },
        ]}
      />
      {view && (
        <>
          <p className="gl-caption">
            {t('sftViews.counted', { counted, total: view.tokens.length })}{' '}
            {view.lambda > 0 ? t('sftViews.lambdaOn', { lambda: view.lambda }) : t('sftViews.lambdaOff')}
          </p>
          <div className="gl-tokens" data-testid="sft-example" data-tokens={view.tokens.length} data-counted={counted}>
            {view.tokens.map((token, i) => (
              <span key={i} className={view.counted[i] ? 'counted' : 'masked'} title={view.counted[i] ? t('sftViews.tokenCounted') : t('sftViews.tokenMasked')}>
                {tokenLabel(token)}
              </span>
            ))}
          </div>
        </>
      )}
    </ViewFrame>
  );
}
