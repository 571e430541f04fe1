// The latest text the model generated at each probe, newest first: the prompt in bold, then the continuation.
// Samples arrive once per probe (not per step), so this list renders through React.
import { useLab } from '../store/store';
import { SampleControls } from './SampleControls';
import { splitSample } from './sample-text';
import { probeEmptyText, ViewFrame } from './ViewFrame';
import { useTranslation } from 'react-i18next';

export function SamplesPanel() {
  const samples = useLab((s) => s.samples);
  const every = useLab((s) => s.probes.every);
  const { t } = useTranslation();
  return (
    <ViewFrame
      title={t('samples.title')}
      caption={t('samples.caption')}
      controls={<SampleControls />}
      empty={samples.length === 0 ? probeEmptyText(every) : null}
    >
      <div className="gl-samples" data-testid="samples">
        {samples.map((s, i) => {
          const { prompt, continuation } = splitSample(s.prompt, s.text);
          return (
            <article className="gl-sample" data-testid="sample" key={`${s.step}-${i}`}>
              <header>
                {t('views.sampleHeader', { step: s.step, temperature: s.temperature, topK: s.topK || t('views.topKOff') })}
              </header>
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
