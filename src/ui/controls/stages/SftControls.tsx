// The controls of stage 2, supervised fine-tuning: its data, steps, learning rate, batch and λ, and the
// checkpoint it starts from. Exercised in the browser by e2e/pipeline.e2e.mjs through its data-testid hooks.
import { useLab } from '../../store/store';
import { NumberControl } from '../NumberControl';
import { StageDataSelect } from './StageDataSelect';
import { StartsFrom } from './StartsFrom';

export function SftControls() {
  const lambda = useLab((s) => s.experiment.sft.lambda);
  return (
    <>
      <section className="panel">
        <h2>Demonstrations</h2>
        <StartsFrom stage="sft" />
        <StageDataSelect id="sft.data" label="SFT data (prompt → completion)" />
      </section>
      <section className="panel">
        <h2>Fine-tuning</h2>
        <div className="field-grid">
          <NumberControl id="sft.steps" stage="sft" />
          <NumberControl id="sft.lr" stage="sft" hint="peak, cosine decay" />
          <NumberControl id="sft.batch" stage="sft" hint="examples / step" />
          <NumberControl id="lambda" stage="sft" hint={lambda > 0 ? 'L3 = L2 + λ·L1' : '0: completion loss only'} />
        </div>
      </section>
    </>
  );
}
