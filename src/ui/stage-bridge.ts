// The page's side of the worker for the later stages: builds an SFT, reward-model or PPO run from the previous
// stages' checkpoints (createStage; PPO takes the SFT model, the reward model and the pretraining text), trains, pauses, steps, resets and exports it, routes its events into the stage's
// store slice, keeps the pipeline in IndexedDB at every `saved` snapshot and rankings change, and makes the
// reward model's data: rankings by the labeler (rank) and K answers to rank by hand (sampleResponses).
// Exercised in the browser by e2e/pipeline.e2e.mjs; the pieces it composes are unit-tested.
import * as Comlink from 'comlink';
import { parsePromptsJsonl } from '../engine/data/jsonl';
import type { SavedState, TrainerEvent } from '../workers/protocol';
import { corpusText } from './corpus-text';
import { promptsDataId, sftDataId } from './experiment/stage-data';
import { stageTrainConfig } from './experiment/stage-schema';
import type { Experiment } from './experiment/types';
import { downloadBytes } from './persist/checkpoint-file';
import { buildPipelineSnapshot, buildStageSnapshot, savePipeline } from './persist/pipeline-snapshot';
import { stageActions } from './store/stage-actions';
import { stageInit, stageRunState, STAGE_ORDER } from './store/stage-select';
import { rankingsJsonl, type LaterStage } from './store/stage-slice';
import { actions, useLab } from './store/store';
import { adoptRun, call, conn, disposeRun, holds, liveApi, sendProbes, storageFailed, Superseded, type Api } from './worker-connection';
import { english, errorSay, eventSay, msg, SayError, type Say } from './i18n/i18n';

/** Prompts sampled at every SFT probe (the first of the prompts file). */
const SAMPLE_PROMPTS = 3;
/** Wait this long after the rankings change before saving them. */
const RANKINGS_SAVE_MS = 500;

/** A stage that cannot start yet (no checkpoint, no data): a notice, not a failed run. */
class Refused extends SayError {}

const running: Record<LaterStage, Promise<void> | null> = { sft: null, reward: null, ppo: null };
const pauseRequested: Record<LaterStage, boolean> = { sft: false, reward: false, ppo: false };
const runExperiment: Record<LaterStage, Experiment | null> = { sft: null, reward: null, ppo: null };
/** The reward model exported by its live run (with the reward statistics PPO normalises the score with), for the
 *  snapshot of that step; `saved` snapshots are encoded without statistics. */
let rewardExport: { step: number; bytes: Uint8Array } | null = null;
let handSeed = 0;

/** Reports a failed run of `stage` once; its Train button then restarts from the stage's last snapshot. */
export function stageFailure(stage: LaterStage, why: Say): void {
  conn.alive = false;
  const message = english(why);
  if (useLab.getState().stages[stage].error === message) return;
  actions.notify('error', why);
  stageActions.fail(stage, message);
}

function guard(stage: LaterStage, task: () => Promise<void>): Promise<void> {
  return task().catch((e) => {
    if (e instanceof Refused) actions.notify('error', e.say);
    else if (!(e instanceof Superseded)) stageFailure(stage, errorSay(e));
  });
}

/** Whether any stage is training now (the worker does one thing at a time). */
export function anyRunning(): boolean {
  const s = useLab.getState();
  return STAGE_ORDER.some((stage) => stageRunState(s, stage) === 'running');
}

function persistPipeline(): void {
  savePipeline(buildPipelineSnapshot(useLab.getState())).catch(storageFailed);
}

/** Saves the pipeline when the rankings change (debounced). */
export function watchRankings(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  useLab.subscribe(
    (s) => s.rankings.records,
    () => {
      clearTimeout(timer);
      timer = setTimeout(persistPipeline, RANKINGS_SAVE_MS);
    },
  );
}

function route(stage: LaterStage, ev: TrainerEvent): void {
  switch (ev.type) {
    case 'steps': return stageActions.appendSteps(stage, ev.rows);
    case 'val': return stageActions.addVal(stage, ev);
    case 'sample': return stageActions.addSample(stage, ev.view);
    case 'sftExample': return stageActions.setSftExample(ev.view);
    case 'rewardEval': return stageActions.setRewardEval(ev.view);
    case 'ppo': return stageActions.addPpoRollout(ev.view);
    case 'ppoEval': return stageActions.addPpoEval(ev.view);
    case 'saved':
      stageActions.setSaved(stage, ev.state);
      return persistPipeline();
    case 'state': return stageActions.setRunState(stage, ev.state, ev.step);
    case 'error': return stageFailure(stage, eventSay(ev));
    case 'embedding': case 'activations': case 'attention': return; // pretraining's views
  }
}

/** The prompts of the prompts file matching the experiment's corpus (or the one chosen). */
export async function promptsOf(e: Experiment): Promise<string[]> {
  const id = promptsDataId(e);
  if (!id) throw new Refused(msg('refused.noPrompts'));
  return parsePromptsJsonl(await corpusText(id, null), id).map((r) => r.prompt);
}

interface StageInputs {
  init: SavedState;
  data: string;
  dataName: string;
  samplePrompts: string[];
  /** PPO: the reward model's checkpoint and the pretraining text. */
  reward?: Uint8Array;
  ptxText?: string;
}

/** The reward model's bytes for PPO: exported from the live reward run (with its statistics) when the worker still
 *  holds it at the saved step, else the saved snapshot's (without statistics: the score is then not normalised). */
async function rewardModelBytes(saved: SavedState): Promise<Uint8Array> {
  if (rewardExport?.step === saved.step) return rewardExport.bytes;
  if (holds('reward') && conn.api && useLab.getState().stages.reward.step === saved.step) {
    const bytes = await call(conn.api.exportCheckpoint()).catch(() => null);
    if (bytes) {
      rewardExport = { step: saved.step, bytes };
      return bytes;
    }
  }
  return saved.checkpoint;
}

/** What PPO is built from: the SFT model, the reward model, the prompts file and the pretraining text. */
async function ppoInputs(e: Experiment): Promise<StageInputs> {
  const s = useLab.getState();
  const init = s.saved.sft;
  const reward = s.saved.reward;
  if (!init) throw new Refused(msg('refused.sftFirstPpo'));
  if (!reward) throw new Refused(msg('refused.rewardFirstPpo'));
  const id = promptsDataId(e);
  if (!id) throw new Refused(msg('refused.noPrompts'));
  const ptxText = e.ppo.ptx > 0 ? await corpusText(e.dataset, s.upload) : undefined;
  return { init, data: await corpusText(id, null), dataName: id, samplePrompts: [], reward: await rewardModelBytes(reward), ptxText };
}

/** What a stage's run is built from, checked before anything changes. */
async function stageInputs(stage: LaterStage, e: Experiment): Promise<StageInputs> {
  if (stage === 'ppo') return ppoInputs(e);
  const init = stageInit(useLab.getState(), stage);
  if (!init) {
    throw new Refused(msg(stage === 'sft' ? 'refused.pretrainFirst' : 'refused.sftFirstReward'));
  }
  const samplePrompts = (await promptsOf(e).catch(() => [])).slice(0, SAMPLE_PROMPTS);
  if (stage === 'reward') {
    const records = useLab.getState().rankings.records;
    if (!records.length) throw new Refused(msg('refused.rankingsFirst'));
    return { init, data: rankingsJsonl(records), dataName: 'rankings', samplePrompts };
  }
  const id = sftDataId(e);
  if (!id) throw new Refused(msg('refused.noSftData'));
  return { init, data: await corpusText(id, null), dataName: id, samplePrompts };
}

/** Builds a run of `stage` in the worker: new from the previous stage's checkpoint, or resumed from `resume`. */
async function createStageRun(stage: LaterStage, resume?: SavedState): Promise<Api> {
  const s = useLab.getState();
  const e = resume ? (runExperiment[stage] ?? s.experiment) : s.experiment;
  const inputs = await stageInputs(stage, e);
  const gen = ++conn.generation;
  disposeRun();
  pauseRequested[stage] = false;
  actions.dismissErrors();
  if (resume) {
    stageActions.restore(stage, buildStageSnapshot(useLab.getState().stages[stage], resume, stageTrainConfig(e, stage).steps));
    stageActions.setSaved(stage, resume);
  } else {
    stageActions.reset(stage);
  }
  stageActions.start(stage, resume ? useLab.getState().stages[stage].from : { stage: stage === 'ppo' ? 'sft' : STAGE_ORDER[STAGE_ORDER.indexOf(stage) - 1], step: inputs.init.step });
  const a = await liveApi();
  const onEvent = (ev: TrainerEvent) => gen === conn.generation && route(stage, ev);
  const ppo = stage === 'ppo'
    ? { beta: e.ppo.beta, targetKl: e.ppo.targetKl, ptxCoef: e.ppo.ptx, clip: e.ppo.clip, epochs: e.ppo.epochs, responseLen: e.ppo.len, temperature: e.ppo.temperature, labeler: e.reward.labeler }
    : undefined;
  const summary = await call(a.createStage({
    stage, init: inputs.init.checkpoint, data: inputs.data, dataName: inputs.dataName, train: stageTrainConfig(e, stage),
    sft: { lambda: e.sft.lambda }, samplePrompts: inputs.samplePrompts, resume, reward: inputs.reward, ptxText: inputs.ptxText, ppo,
  }, Comlink.proxy(onEvent)));
  if (gen !== conn.generation) {
    void a.dispose();
    throw new Superseded();
  }
  adoptRun(stage);
  runExperiment[stage] = e;
  stageActions.setSummary(stage, summary);
  sendProbes(a, useLab.getState().probes);
  return a;
}

/** The live run if it can continue; a paused or failed run rebuilt from its snapshot; else a new run. */
async function currentOrNewRun(stage: LaterStage): Promise<Api> {
  const s = useLab.getState();
  const run = s.stages[stage];
  if (holds(stage) && (run.runState === 'paused' || run.runState === 'idle') && conn.api) return conn.api;
  const saved = s.saved[stage];
  if ((run.runState === 'paused' || run.runState === 'error') && saved) return createStageRun(stage, saved);
  return createStageRun(stage);
}

function settle(stage: LaterStage): void {
  const s = useLab.getState();
  const run = s.stages[stage];
  const steps = stageTrainConfig(runExperiment[stage] ?? s.experiment, stage).steps;
  if (run.runState === 'running') stageActions.setRunState(stage, run.step >= steps ? 'done' : 'paused');
}

async function runToEnd(stage: LaterStage, a: Api): Promise<void> {
  stageActions.setRunState(stage, 'running');
  running[stage] = call(a.run());
  if (pauseRequested[stage]) void a.pause();
  try {
    await running[stage];
  } finally {
    running[stage] = null;
  }
  settle(stage);
}

export const trainStage = (stage: LaterStage) =>
  guard(stage, async () => {
    pauseRequested[stage] = false;
    await runToEnd(stage, await currentOrNewRun(stage));
  });

export const stepStage = (stage: LaterStage) =>
  guard(stage, async () => {
    const a = await currentOrNewRun(stage);
    stageActions.setRunState(stage, 'running');
    await call(a.step());
    settle(stage);
  });

export function pauseStage(stage: LaterStage): void {
  pauseRequested[stage] = true;
  if (holds(stage)) void conn.api?.pause();
}

export async function resetStage(stage: LaterStage): Promise<void> {
  if (holds(stage)) {
    conn.generation++;
    void conn.api?.pause();
    await running[stage]?.catch(() => {});
    disposeRun();
  }
  runExperiment[stage] = null;
  stageActions.reset(stage);
  persistPipeline();
}

/** After a reload: continues the restored stage's training if it had not finished. */
export function resumeStage(stage: LaterStage): Promise<void> {
  const run = useLab.getState().stages[stage];
  if (run.runState !== 'paused') return Promise.resolve();
  runExperiment[stage] = useLab.getState().experiment;
  return trainStage(stage);
}

export async function exportStage(stage: LaterStage): Promise<void> {
  const s = useLab.getState();
  const name = (step: number) => `${stage === 'reward' ? 'reward-model' : stage === 'ppo' ? 'ppo-model' : 'sft-model'}-step-${step}.safetensors`;
  if (holds(stage) && conn.api) return downloadBytes(name(s.stages[stage].step), await call(conn.api.exportCheckpoint()));
  const saved = s.saved[stage];
  if (saved) downloadBytes(name(saved.step), saved.checkpoint);
}

/** Samples K responses for each prompt (up to the setting's cap) from the SFT model and ranks them by the labeler;
 *  the result replaces earlier labeler rankings (hand and uploaded ones stay). */
export async function makeRankings(): Promise<void> {
  const s = useLab.getState();
  const e = s.experiment;
  const init = s.saved.sft;
  try {
    if (!init) throw new Refused(msg('refused.sftFirstRankings'));
    if (anyRunning()) throw new Refused(msg('refused.pauseFirstRankings'));
    const prompts = (await promptsOf(e)).slice(0, e.reward.maxPrompts);
    stageActions.setRankProgress({ done: 0, total: prompts.length });
    const a = await liveApi();
    const records = await call(a.rank({
      init: init.checkpoint, prompts, k: e.reward.k, labeler: e.reward.labeler, temperature: s.probes.temperature, topK: s.probes.topK,
      maxTokens: s.probes.sampleTokens, seed: e.train.seed,
    }, Comlink.proxy((p) => stageActions.setRankProgress(p))));
    stageActions.replaceSource('labeler', records.map((r) => ({ ...r, source: 'labeler' as const })), { labeler: e.reward.labeler });
    const left = prompts.length - records.length;
    const ranked = msg('notices.ranked', { k: e.reward.k, count: records.length, labeler: e.reward.labeler });
    actions.notify('info', left > 0 ? msg('notices.rankedLeftOut', { ranked, leftOut: msg('notices.leftOut', { count: left }) }) : ranked);
  } catch (err) {
    actions.notify('error', err instanceof Refused ? err.say : msg('notices.rankFailed', { why: errorSay(err) }));
  } finally {
    stageActions.setRankProgress(null);
  }
}

/** K answers to `prompt` from the SFT model, in sampling order, for a person to rank; null if it failed. */
export async function sampleForHand(prompt: string): Promise<string[] | null> {
  const s = useLab.getState();
  const init = s.saved.sft;
  try {
    if (!init) throw new Refused(msg('refused.sftFirstHand'));
    if (anyRunning()) throw new Refused(msg('refused.pauseFirstHand'));
    const a = await liveApi();
    return await call(a.sampleResponses({
      init: init.checkpoint, prompt, k: s.experiment.reward.k, temperature: s.probes.temperature, topK: s.probes.topK,
      maxTokens: s.probes.sampleTokens, seed: s.experiment.train.seed + ++handSeed,
    }));
  } catch (err) {
    actions.notify('error', err instanceof Refused ? err.say : msg('notices.sampleFailed', { why: errorSay(err) }));
    return null;
  }
}
