// Answers the SFT model writes to the fixed prompts at each probe, newest first: the prompt in bold, then the
// answer. Samples arrive once per probe, so this list renders through React. Exercised by e2e/pipeline.e2e.mjs;
// the prompt/answer split is tested by sample-text.test.ts.
import { useLab } from '../../store/store';
import { splitSample } from '../sample-text';
import { ViewFrame } from '../ViewFrame';
import { useTranslation } from 'react-i18next';

export function SftSamples() {
  const samples = useLab((s) => s.stages.sft.samples);
  const { t } = useTranslation();
  return (
    <ViewFrame
      title={t('sftViews.samplesTitle')}
      caption={t('sftViews.samplesCaption')}
      empty={samples.length === 0 ? t('sftViews.samplesEmpty') : null}
    >
      <div className="gl-samples" data-testid="sft-samples">
        {samples.map((s, i) => {
          const { prompt, continuation } = splitSample(s.prompt, s.text);
          return (
            <article className="gl-sample" data-testid="sft-sample" key={`${s.step}-${i}`}>
              <header>{t('views.sampleHeader', { step: s.step, temperature: s.temperature, topK: s.topK || t('views.topKOff') })}</header>
              <p>
                <b>{prompt}</b>
                {continuation}
              </p>
            </article>
          );
        })}
      </div>
    </ViewFrame>
  );
}
