// The latest text the model generated at each probe, newest first: the prompt in bold, then the continuation.
// Samples arrive once per probe (not per step), so this list renders through React.
import { useLab } from '../store/store';
import { SampleControls } from './SampleControls';
import { splitSample } from './sample-text';
import { probeEmptyText, ViewFrame } from './ViewFrame';

export function SamplesPanel() {
  const samples = useLab((s) => s.samples);
  const every = useLab((s) => s.probes.every);
  return (
    <ViewFrame
      title="Samples"
      caption="Text the model writes itself, one character at a time, starting from the prompt (bold). Early on it is gibberish; watch words, then grammar, appear as the loss falls."
      controls={<SampleControls />}
      empty={samples.length === 0 ? probeEmptyText(every) : null}
    >
      <div className="gl-samples" data-testid="samples">
        {samples.map((s, i) => {
          const { prompt, continuation } = splitSample(s.prompt, s.text);
          return (
            <article className="gl-sample" data-testid="sample" key={`${s.step}-${i}`}>
              <header>
                step {s.step} · temperature {s.temperature} · top-k {s.topK || 'off'}
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
