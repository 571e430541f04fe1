// What the two PPO learning tests share: the tiny pipeline's SFT model and reward model (concise labeler, seed 1337,
// every stage at the lab's defaults; committed as fixtures, and pipeline.test.ts checks they are exactly what the
// pipeline makes), the bundled prompts split as the CLI and the lab split them, and one PPO run judged by the labeler
// on the held-out prompts before and after. The stated bounds of issue 7's learning test live here.
// Used by ppo-learning.test.ts and ppo-no-kl.test.ts (two files, so the two runs go on side by side).
import { readFileSync } from 'node:fs';
import { decodeCheckpoint } from '../checkpoint/gpt2-checkpoint';
import { parsePromptsJsonl } from '../data/jsonl';
import { labelerById } from '../labelers/labelers';
import type { GpuContext } from '../../kernels/runtime/context';
import { PPO_TRAIN, ppoTrainConfig, type PpoSettings } from './defaults';
import { splitHeldOut } from './example-order';
import { PpoTrainer } from './ppo';

export const PIPELINE_SFT = 'src/engine/fixtures/pipeline-sft.safetensors';
export const PIPELINE_REWARD = 'src/engine/fixtures/pipeline-reward-concise.safetensors';
const SEED = 1337;

/** The default PPO run must raise the held-out labeler score by at least this much over the SFT model's... */
export const LABELER_GAIN = 0.1;
/** ...with the KL to π_SFT (nats per response, held out) below this bound, which the same run with β = 0 exceeds. */
export const KL_BOUND = 3.5;

export interface PpoOutcome {
  labelerBefore: number;
  labelerAfter: number;
  scoreBefore: number;
  scoreAfter: number;
  kl: number;
}

/** PPO-ptx from the pipeline's SFT model against its reward model, with the lab's default training settings. */
export async function runPipelinePpo(ctx: GpuContext, settings: PpoSettings): Promise<PpoOutcome> {
  const policy = decodeCheckpoint(new Uint8Array(readFileSync(PIPELINE_SFT)));
  const reward = decodeCheckpoint(new Uint8Array(readFileSync(PIPELINE_REWARD)));
  const all = parsePromptsJsonl(readFileSync('public/datasets/prompts-en.jsonl', 'utf8'), 'prompts-en.jsonl').map((r) => r.prompt);
  const { train: prompts, val: heldOut } = splitHeldOut(all, 0.1, 'prompts-en.jsonl');
  const ptxText = readFileSync('public/datasets/tinystories-en.txt', 'utf8');
  const ppo = new PpoTrainer(ctx, { policy, reward, prompts, source: 'prompts-en', ptxText, train: ppoTrainConfig({ seed: SEED }), settings, labeler: labelerById('concise') });
  try {
    const before = await ppo.evaluate(heldOut, 2);
    for (let r = 0; r < PPO_TRAIN.steps; r++) await ppo.iterate();
    const after = await ppo.evaluate(heldOut, 2);
    const out = { labelerBefore: before.labelerScore!, labelerAfter: after.labelerScore!, scoreBefore: before.scores, scoreAfter: after.scores, kl: after.kl };
    console.log(`PPO β=${settings.beta}, ${PPO_TRAIN.steps} rollouts: held-out labeler ${out.labelerBefore.toFixed(3)} → ${out.labelerAfter.toFixed(3)}, RM score ${out.scoreBefore.toFixed(3)} → ${out.scoreAfter.toFixed(3)}, KL ${out.kl.toFixed(2)}`, after.sample);
    return out;
  } finally {
    ppo.destroy();
  }
}
