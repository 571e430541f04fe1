// The optimisation settings: learning rate, batch, steps, warmup, gradient clip, weight decay and seed.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { NumberControl } from './NumberControl';

export function TrainingSettings() {
  return (
    <div className="field-grid">
      <NumberControl id="lr" hint="peak, cosine decay" />
      <NumberControl id="batch" hint="sequences / step" />
      <NumberControl id="steps" />
      <NumberControl id="warmup" />
      <NumberControl id="clip" hint="0 = off" />
      <NumberControl id="decay" />
      <NumberControl id="seed" hint="same seed, same run" />
    </div>
  );
}
