// Builds the run of a CreateStageRequest (SFT, reward model or PPO) from the previous stage's checkpoint, fresh or
// resumed from a SavedState of the same stage: SFT and reward start from its checkpoint; PPO still starts from the
// SFT checkpoint (its reference π_SFT) and takes the policy with its value head and β from the state. Parameters,
// AdamW moments and step are restored. Tested by stage-api.test.ts.

import { decodeCheckpoint, expectLanguageModel, type Gpt2Checkpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { parsePromptsJsonl, parseRankedJsonl, parseSftJsonl } from '../engine/data/jsonl';
import { labelerById } from '../engine/labelers/labelers';
import { splitHeldOut } from '../engine/stages/example-order';
import { DEFAULT_PPO, PpoTrainer } from '../engine/stages/ppo';
import { RewardTrainer } from '../engine/stages/reward';
import { SftTrainer } from '../engine/stages/sft';
import type { GpuContext } from '../kernels/runtime/context';
import { ppoStage, rewardStage, sftStage, type LabStage } from './lab-stages';
import type { CreateStageRequest } from './protocol';

/** Steps in flight in the lab: with 2, Pause stops within about one step even on a CPU-emulated adapter. */
export const LAB_IN_FLIGHT = 2;

function checkpointOf(bytes: Uint8Array, what: string): Gpt2Checkpoint {
  try {
    return decodeCheckpoint(bytes);
  } catch (e) {
    throw new Error(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function buildStage(ctx: GpuContext, req: CreateStageRequest): { stage: LabStage; examples: { train: number; val: number } } {
  const resume = req.resume;
  if (resume && resume.stage !== req.stage) throw new Error(`resume: the saved run is a ${resume.stage} run, not ${req.stage}`);
  // PPO's starting checkpoint stays the SFT model even on resume: it is also the frozen reference π_SFT.
  const fromSaved = resume !== undefined && req.stage !== 'ppo';
  const init = checkpointOf(fromSaved ? resume.checkpoint : req.init, fromSaved ? 'the saved run' : 'the starting checkpoint');
  if (!fromSaved) expectLanguageModel(init, req.stage === 'sft' ? 'the starting checkpoint (pretrained model)' : 'the starting checkpoint (SFT model)');
  const common = { init, source: req.dataName, train: req.train, maxInFlight: LAB_IN_FLIGHT };
  let stage: LabStage;
  let examples: { train: number; val: number };
  if (req.stage === 'ppo') {
    if (resume && !resume.ppo) throw new Error('this saved PPO run lacks its value head and β (saved by an older version): start PPO again from the SFT model');
    if (!req.reward) throw new Error('PPO needs the reward model (stage 3)');
    const s = req.ppo ?? { ...DEFAULT_PPO, labeler: null };
    const prompts = parsePromptsJsonl(req.data, req.dataName).map((r) => r.prompt);
    const { train: trainPrompts, val: heldOut } = prompts.length >= 2 ? splitHeldOut(prompts, 0.1, req.dataName) : { train: prompts, val: [] };
    const t = new PpoTrainer(ctx, {
      policy: init, reward: checkpointOf(req.reward, 'the reward model'), prompts: trainPrompts, source: req.dataName, ptxText: req.ptxText, train: req.train,
      settings: { ...DEFAULT_PPO, beta: s.beta, targetKl: s.targetKl, ptxCoef: s.ptxCoef, clip: s.clip, epochs: s.epochs, responseLen: s.responseLen, temperature: s.temperature },
      labeler: s.labeler ? labelerById(s.labeler) : undefined, maxInFlight: LAB_IN_FLIGHT,
    });
    if (resume) {
      try {
        t.restore(resume.step, resume.ppo!.params, resume.m, resume.v, resume.ppo!.beta);
      } catch (e) {
        t.destroy();
        throw e;
      }
    }
    return { stage: ppoStage(t, req.train, heldOut), examples: { train: trainPrompts.length, val: heldOut.length } };
  }
  if (req.stage === 'sft') {
    const t = new SftTrainer(ctx, { ...common, records: parseSftJsonl(req.data, req.dataName), lambda: req.sft?.lambda ?? 0 });
    stage = sftStage(t, req.samplePrompts ?? []);
    examples = { train: t.trainExamples.length, val: t.valExamples.length };
  } else {
    const t = new RewardTrainer(ctx, { ...common, records: parseRankedJsonl(req.data, req.dataName) });
    stage = rewardStage(t);
    examples = { train: t.trainGroups.length, val: t.valGroups.length };
  }
  if (resume) {
    try {
      const t = stage.trainer as SftTrainer | RewardTrainer;
      t.restore(resume.step, init.flat.length === t.model.layout.total ? init.flat : new Float32Array(0), resume.m, resume.v);
    } catch (e) {
      stage.trainer.destroy();
      throw e;
    }
  }
  return { stage, examples };
}
