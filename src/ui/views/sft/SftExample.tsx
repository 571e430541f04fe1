// One SFT training example as the loss sees it: each token a cell, prompt tokens grey (masked, not predicted),
// completion tokens coloured (targets of L2, end-of-text included); with λ > 0 every token also counts in L1 with
// weight λ. `data-tokens` / `data-counted` on the root are the e2e hooks. Exercised by e2e/pipeline.e2e.mjs;
// token labels come from token-label.ts (tested by token-label.test.ts).
import { useLab } from '../../store/store';
import { Legend } from '../Legend';
import { tokenLabel } from '../token-label';
import { ViewFrame } from '../ViewFrame';

const PROMPT = '#adb5bd';
const COMPLETION = '#2f9e44';

export function SftExample() {
  const view = useLab((s) => s.stages.sft.sftExample);
  const counted = view ? view.counted.reduce((a, b) => a + b, 0) : 0;
  return (
    <ViewFrame
      title="What the SFT loss counts"
      caption="One training example, token by token. Grey prompt tokens are masked: the model reads them but is not graded on predicting them. Green completion tokens (and the end-of-text mark) are the targets of L2."
      empty={view ? null : 'Appears when SFT starts.'}
    >
      <Legend
        entries={[
          { label: 'prompt (masked, weight 0)', color: PROMPT, kind: 'box' },
          { label: 'completion (counts in L2, weight 1)', color: COMPLETION, kind: 'box' },
        ]}
      />
      {view && (
        <>
          <p className="gl-caption">
            {counted} of {view.tokens.length} tokens count in L2.{' '}
            {view.lambda > 0 ? `λ = ${view.lambda}: every token, prompt included, also counts in L1 with weight ${view.lambda}.` : 'λ = 0: only the completion counts.'}
          </p>
          <div className="gl-tokens" data-testid="sft-example" data-tokens={view.tokens.length} data-counted={counted}>
            {view.tokens.map((t, i) => (
              <span key={i} className={view.counted[i] ? 'counted' : 'masked'} title={view.counted[i] ? 'completion: counts in the loss' : 'prompt: masked'}>
                {tokenLabel(t)}
              </span>
            ))}
          </div>
        </>
      )}
    </ViewFrame>
  );
}
