// The controls of stage 3, the reward model: how its rankings are made (labeler, prompts, K, how many prompts)
// and how it trains (steps, learning rate, batch). Exercised in the browser by e2e/pipeline.e2e.mjs.
import { NumberControl } from '../NumberControl';
import { LabelerSelect } from './LabelerSelect';
import { RankingsData } from './RankingsData';
import { StageDataSelect } from './StageDataSelect';
import { StartsFrom } from './StartsFrom';

export function RewardControls() {
  return (
    <>
      <section className="panel">
        <h2>Rankings</h2>
        <StartsFrom stage="reward" />
        <LabelerSelect />
        <StageDataSelect id="rm.data" label="Prompts" />
        <div className="field-grid">
          <NumberControl id="k" stage="reward" hint="answers per prompt" />
          <NumberControl id="rm.prompts" stage="reward" hint="most prompts ranked" />
        </div>
        <RankingsData />
      </section>
      <section className="panel">
        <h2>Reward model training</h2>
        <div className="field-grid">
          <NumberControl id="rm.steps" stage="reward" />
          <NumberControl id="rm.lr" stage="reward" hint="peak, cosine decay" />
          <NumberControl id="rm.batch" stage="reward" hint="answers / step, ≥ K" />
        </div>
      </section>
    </>
  );
}
