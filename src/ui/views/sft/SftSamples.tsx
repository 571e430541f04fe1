// Answers the SFT model writes to the fixed prompts at each probe, newest first: the prompt in bold, then the
// answer. Samples arrive once per probe, so this list renders through React. Exercised by e2e/pipeline.e2e.mjs;
// the prompt/answer split is tested by sample-text.test.ts.
import { useLab } from '../../store/store';
import { splitSample } from '../sample-text';
import { ViewFrame } from '../ViewFrame';

export function SftSamples() {
  const samples = useLab((s) => s.stages.sft.samples);
  return (
    <ViewFrame
      title="Answers to fixed prompts"
      caption="The same prompts at every probe, so you can watch the model go from continuing the text to answering it."
      empty={samples.length === 0 ? 'Appears after the first SFT probe (and whenever training stops).' : null}
    >
      <div className="gl-samples" data-testid="sft-samples">
        {samples.map((s, i) => {
          const { prompt, continuation } = splitSample(s.prompt, s.text);
          return (
            <article className="gl-sample" data-testid="sft-sample" key={`${s.step}-${i}`}>
              <header>step {s.step} · temperature {s.temperature} · top-k {s.topK || 'off'}</header>
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
