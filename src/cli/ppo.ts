// `npm run ppo -- --policy SFT.safetensors --reward RM.safetensors (--prompts FILE.jsonl | --dataset prompts-en)
//   [--ptx-data TEXT | --ptx-dataset ID] --out POLICY.safetensors [--json] [settings]`
// Stage 4, PPO-ptx: one line per rollout with TRL's metric names (objective/scores, objective/kl, …, and
// objective/labeler_score when --labeler names the prompts' programmatic labeler), and a held-out evaluation of the
// labeler's score and the KL at the start and the end. The policy is written (atomically) at the end and every
// --save-every rollouts, never after a non-finite value.

import { expectLanguageModel, expectRewardModel } from '../engine/checkpoint/gpt2-checkpoint';
import { parsePromptsJsonl } from '../engine/data/jsonl';
import { LABELERS, labelerById } from '../engine/labelers/labelers';
import { DEFAULT_PPO, PpoTrainer, type PpoSettings } from '../engine/stages/ppo';
import { splitHeldOut } from '../engine/stages/example-order';
import { PPO_TRAIN, ppoTrainConfig } from '../engine/stages/defaults';
import { emit, parseArgs, runMain } from './args';
import { checkOutput, checkWritable, loadCheckpoint, loadJsonl, writeFileAtomic } from './files';
import { loadText } from './load-data';
import { nodeGpu } from './node-gpu';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    policy: { kind: 'string', help: 'the SFT language model (policy start and frozen reference)' },
    reward: { kind: 'string', help: 'the reward model (from npm run reward)' },
    prompts: { kind: 'string', help: 'JSONL of {"prompt": ...}' },
    dataset: { kind: 'string', help: 'a bundled prompts dataset id (prompts-en, prompts-zh)' },
    'ptx-data': { kind: 'string', help: 'pretraining text for the ptx term (a UTF-8 file)' },
    'ptx-dataset': { kind: 'string', help: 'a bundled text corpus for the ptx term (tinystories-en, stories-zh)' },
    labeler: { kind: 'string', help: `the prompts' programmatic labeler, reported as objective/labeler_score: ${LABELERS.map((l) => l.id).join(', ')}` },
    out: { kind: 'string', help: 'policy to write (.safetensors, GPT2LMHeadModel)' },
    steps: { kind: 'int', help: `rollouts (PPO iterations, default ${PPO_TRAIN.steps})`, min: 1 },
    batch: { kind: 'int', help: `prompts per rollout (default ${PPO_TRAIN.batchSize})`, min: 1 },
    lr: { kind: 'number', help: `learning rate, constant (default ${PPO_TRAIN.lr})`, min: 0 },
    seed: { kind: 'int', help: 'random seed' },
    beta: { kind: 'number', help: `KL coefficient β (default ${DEFAULT_PPO.beta})`, min: 0 },
    'target-kl': { kind: 'number', help: 'adapt β toward this KL per sequence (nats); default: fixed β' },
    'ptx-coef': { kind: 'number', help: `γ, the pretraining-mix coefficient (default ${DEFAULT_PPO.ptxCoef}; 0 = plain PPO)`, min: 0 },
    epochs: { kind: 'int', help: `PPO updates per rollout (default ${DEFAULT_PPO.epochs})`, min: 1 },
    clip: { kind: 'number', help: `policy ratio clip range ε (default ${DEFAULT_PPO.clip})`, min: 0 },
    'vf-coef': { kind: 'number', help: `value loss weight (default ${DEFAULT_PPO.vfCoef})`, min: 0 },
    'response-len': { kind: 'int', help: `most response tokens (default ${DEFAULT_PPO.responseLen})`, min: 1 },
    temperature: { kind: 'number', help: `sampling temperature (default ${DEFAULT_PPO.temperature})`, min: 0 },
    'top-k': { kind: 'int', help: 'sample among the k most likely tokens, 0 = all (default 0)', min: 0 },
    'eval-every': { kind: 'int', help: 'held-out labeler score and KL every N rollouts (default: start and end)', min: 0 },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run ppo -- --policy SFT.safetensors --reward RM.safetensors (--prompts FILE.jsonl | --dataset ID) --out POLICY.safetensors [options]');
  const json = Boolean(a.json);
  if (!a.policy) throw new Error('give --policy SFT.safetensors');
  if (!a.reward) throw new Error('give --reward RM.safetensors');
  const out = a.out as string | undefined;
  if (out) checkOutput(out, [a.policy as string, a.reward as string, a.prompts as string | undefined, a['ptx-data'] as string | undefined]);
  const policy = loadCheckpoint(String(a.policy));
  expectLanguageModel(policy, String(a.policy));
  const reward = loadCheckpoint(String(a.reward));
  expectRewardModel(reward, String(a.reward));
  const { text, name } = loadJsonl({ data: a.prompts as string | undefined, dataset: a.dataset as string | undefined }, 'prompts');
  const { train: trainPrompts, val: heldOut } = splitHeldOut(parsePromptsJsonl(text, name).map((r) => r.prompt), 0.1, name);
  const settings: PpoSettings = {
    ...DEFAULT_PPO,
    beta: (a.beta as number | undefined) ?? DEFAULT_PPO.beta,
    targetKl: (a['target-kl'] as number | undefined) ?? null,
    ptxCoef: (a['ptx-coef'] as number | undefined) ?? DEFAULT_PPO.ptxCoef,
    epochs: (a.epochs as number | undefined) ?? DEFAULT_PPO.epochs,
    clip: (a.clip as number | undefined) ?? DEFAULT_PPO.clip,
    vfCoef: (a['vf-coef'] as number | undefined) ?? DEFAULT_PPO.vfCoef,
    responseLen: (a['response-len'] as number | undefined) ?? DEFAULT_PPO.responseLen,
    temperature: (a.temperature as number | undefined) ?? DEFAULT_PPO.temperature,
    topK: (a['top-k'] as number | undefined) ?? DEFAULT_PPO.topK,
  };
  const ptxText = settings.ptxCoef > 0 ? loadText({ data: a['ptx-data'] as string | undefined, dataset: (a['ptx-dataset'] as string | undefined) ?? (a['ptx-data'] ? undefined : 'tinystories-en') }).text : undefined;
  const train = ppoTrainConfig({ steps: a.steps as number | undefined, batchSize: a.batch as number | undefined, lr: a.lr as number | undefined, seed: a.seed as number | undefined });
  const rollouts = train.steps;
  const labeler = a.labeler ? labelerById(String(a.labeler)) : undefined;
  if (out) checkWritable(out); // before any GPU work; an existing file is kept until the new one is complete
  const gpu = await nodeGpu();
  const ppo = new PpoTrainer(gpu.ctx, { policy, reward, prompts: trainPrompts, source: name, ptxText, train, settings, labeler });
  emit(json, { event: 'start', stage: 'ppo', adapter: gpu.adapterName, prompts: trainPrompts.length, heldOut: heldOut.length, rollouts, batch: train.batchSize, lr: train.lr, ...settings, labeler: labeler?.id ?? 'none' });
  const evaluate = async (rollout: number) => {
    // Every held-out prompt answered twice: one rollout's 16 responses are too few to compare runs.
    const e = await ppo.evaluate(heldOut, 2);
    emit(json, { event: 'eval', rollout, responses: heldOut.length * 2, 'eval/scores': e.scores, 'eval/kl': e.kl, ...(labeler ? { 'eval/labeler_score': e.labelerScore } : {}), sample: e.sample });
  };
  const evalEvery = (a['eval-every'] as number | undefined) ?? 0;
  const started = performance.now();
  await evaluate(0);
  for (let i = 1; i <= rollouts; i++) {
    const t0 = performance.now();
    const m = await ppo.iterate();
    emit(json, { ...m, ms: Math.round(performance.now() - t0) });
    if (evalEvery > 0 && i % evalEvery === 0 && i !== rollouts) await evaluate(i);
  }
  await evaluate(rollouts);
  if (out) writeFileAtomic(out, await ppo.exportPolicy());
  emit(json, { event: 'done', stage: 'ppo', rollouts, seconds: (performance.now() - started) / 1000, checkpoint: out ?? 'none' });
  ppo.destroy();
});
