// The page's side of the trainer worker for pretraining, and the dispatcher of the run buttons: Train, Pause,
// Step, Reset and "Download weights" act on the stage on screen (stage-bridge.ts drives SFT and the reward model).
// Routes pretraining's TrainerEvents into store actions, saves each `saved` snapshot to IndexedDB, resumes a
// saved pipeline after a reload, and recovers from a failed run or a dead worker (lost device, crash) by offering
// a restart from the last snapshot in a fresh worker.
// Exercised in the browser (the worker needs WebGPU); the pieces it composes are unit-tested.

import * as Comlink from 'comlink';
import type { SavedState, TrainerEvent } from '../workers/protocol';
import { corpusText } from './corpus-text';
import { fitProbesToText } from './store/probe-fit';
import { experimentToRunSpec } from './experiment/schema';
import { TEXT_DATASETS } from './experiment/stage-data';
import type { Experiment } from './experiment/types';
import { checkpointFileName, downloadBytes, readCheckpointFile, vocabCovers } from './persist/checkpoint-file';
import { loadPipeline, pipelineParts, pipelineExperiment, type PipelineSnapshot } from './persist/pipeline-snapshot';
import { buildSnapshot, loadSnapshot, saveSnapshot, snapshotExperiment, type Snapshot } from './persist/snapshot';
import { stageActions } from './store/stage-actions';
import { stageRunState } from './store/stage-select';
import { actions, useLab, type LabState } from './store/store';
import * as later from './stage-bridge';
import { adoptRun, call, conn, disposeRun, holds, liveApi, messageOf, onWorkerDeath, openWorker, sendProbes, storageFailed, Superseded, type Api } from './worker-connection';
import { english, errorSay, eventSay, msg, type Say } from './i18n/i18n';
import { datasetTitleSay } from './i18n/names';

let runExperiment: Experiment | null = null;
let running: Promise<void> | null = null;
/** Pause pressed while the run was still being built: honoured as soon as it trains. */
let pauseRequested = false;
/** The newest snapshot of pretraining (or the one it resumed from): what a restart goes back to. */
let lastSnapshot: Snapshot | null = null;
let lastPipeline: PipelineSnapshot | null = null;

const PROBE_DEBOUNCE_MS = 300;

/** Shows a failure once and marks the failed stage's run; pretraining offers its last snapshot for a restart. */
function failure(why: Say): void {
  conn.alive = false;
  const stage = conn.runStage;
  if (stage === 'sft' || stage === 'reward' || stage === 'ppo') return later.stageFailure(stage, why);
  const message = english(why);
  if (useLab.getState().error === message) return;
  actions.notify('error', why);
  actions.fail(message);
  if (lastSnapshot) offer(lastSnapshot, null);
}

function offer(s: Snapshot | null, p: PipelineSnapshot | null): void {
  const stages = p ? pipelineParts(p) : [];
  const savedAt = Math.max(s?.savedAt ?? 0, p?.savedAt ?? 0);
  actions.setResumable({ step: s?.state.step ?? p?.pretrain?.step ?? 0, query: p?.query ?? s?.query ?? '', savedAt, ...(stages.length && { stages }) });
}

function guard(task: () => Promise<void>): Promise<void> {
  return task().catch((e) => {
    if (!(e instanceof Superseded)) failure(errorSay(e));
  });
}

function route(ev: TrainerEvent): void {
  switch (ev.type) {
    case 'steps': return actions.appendSteps(ev.rows);
    case 'val': return actions.addVal(ev.step, ev.loss);
    case 'embedding': return actions.setEmbedding(ev.view);
    case 'activations': return actions.setActivations(ev.view);
    case 'attention': return actions.setAttention(ev.view);
    case 'sample': return actions.addSample(ev.view);
    case 'saved': return void persist(ev.state);
    case 'state': return actions.setRunState(ev.state, ev.step);
    case 'error': return failure(eventSay(ev));
    case 'sftExample': case 'rewardEval': return; // later stages only
  }
}

async function persist(state: SavedState): Promise<void> {
  const s = useLab.getState();
  if (!runExperiment) return;
  stageActions.setSaved('pretrain', state);
  lastSnapshot = buildSnapshot(state, runExperiment, s.upload, s.metrics, s.val);
  await saveSnapshot(lastSnapshot).catch(storageFailed);
}

/** Builds a pretraining run for `e` in the worker (a fresh one after a failure), starting from `from` if given. */
async function createRun(e: Experiment, from?: { state: SavedState; snapshot?: Snapshot }): Promise<Api> {
  const gen = ++conn.generation;
  disposeRun();
  pauseRequested = false;
  actions.resetRun();
  actions.dismissErrors();
  actions.setResumable(null);
  lastSnapshot = from?.snapshot ?? null;
  if (from) stageActions.setSaved('pretrain', from.state);
  if (from?.snapshot) actions.restoreMetrics(from.snapshot.rows, from.snapshot.val);
  actions.setRunState('running', from?.state.step ?? 0);
  const a = await liveApi();
  const text = await corpusText(e.dataset, useLab.getState().upload);
  const fitted = fitProbesToText(useLab.getState().probes, text);
  if (fitted !== useLab.getState().probes) actions.setProbes(fitted);
  const onEvent = (ev: TrainerEvent) => gen === conn.generation && route(ev);
  const summary = await call(a.create({ text, spec: experimentToRunSpec(e), resume: from?.state }, Comlink.proxy(onEvent)));
  if (gen !== conn.generation) {
    void a.dispose();
    throw new Superseded();
  }
  adoptRun('pretrain');
  runExperiment = e;
  actions.setSummary(summary);
  sendProbes(a, useLab.getState().probes);
  return a;
}

/** Trains until done or paused; settles the state if the worker did not report it. */
async function runToEnd(a: Api): Promise<void> {
  actions.setRunState('running');
  running = call(a.run());
  if (pauseRequested) void a.pause();
  try {
    await running;
  } finally {
    running = null;
  }
  settle();
}

function settle(): void {
  const s = useLab.getState();
  if (s.runState === 'running') actions.setRunState(s.step >= (runExperiment?.train.steps ?? Infinity) ? 'done' : 'paused');
}

/** The live run if it can continue; the paused run rebuilt from its snapshot if the worker has moved on to another
 *  stage; else a new one for the current experiment. */
async function currentOrNewRun(): Promise<Api> {
  const s = useLab.getState();
  const continuable = s.runState === 'paused' || s.runState === 'idle';
  if (holds('pretrain') && continuable && conn.api) return conn.api;
  if (s.runState === 'paused' && lastSnapshot && lastSnapshot.state.step === s.step) {
    return createRun(runExperiment ?? s.experiment, { state: lastSnapshot.state, snapshot: lastSnapshot });
  }
  return createRun(s.experiment);
}

const onLaterStage = () => {
  const stage = useLab.getState().activeStage;
  return stage === 'sft' || stage === 'reward' || stage === 'ppo' ? stage : null;
};

export const train = () => {
  const stage = onLaterStage();
  if (stage) return later.trainStage(stage);
  return guard(async () => {
    pauseRequested = false;
    await runToEnd(await currentOrNewRun());
  });
};

export const stepOnce = () => {
  const stage = onLaterStage();
  if (stage) return later.stepStage(stage);
  return guard(async () => {
    const a = await currentOrNewRun();
    actions.setRunState('running');
    await call(a.step());
    settle();
  });
};

export function pause(): void {
  const stage = onLaterStage();
  if (stage) return later.pauseStage(stage);
  pauseRequested = true;
  if (holds('pretrain')) void conn.api?.pause();
}

export async function reset(): Promise<void> {
  const stage = onLaterStage();
  if (stage) return later.resetStage(stage);
  if (holds('pretrain')) {
    conn.generation++;
    void conn.api?.pause();
    await running?.catch(() => {});
    disposeRun();
  }
  runExperiment = null;
  lastSnapshot = null;
  actions.resetRun();
}

/** Puts back the later stages and rankings of a saved pipeline; returns the stage that was on screen. */
function restorePipeline(p: PipelineSnapshot): void {
  if (p.pretrain) stageActions.setSaved('pretrain', p.pretrain);
  for (const stage of ['sft', 'reward', 'ppo'] as const) {
    const snap = p.stages[stage];
    if (!snap) continue;
    stageActions.restore(stage, snap);
    stageActions.setSaved(stage, snap.state);
  }
  stageActions.setRankings(p.rankings.records, { labeler: p.rankings.labeler, fileName: p.rankings.fileName });
  stageActions.select(p.activeStage);
}

/** Recreates the saved run (after a reload, or after a failure) and continues training the stage that was on
 *  screen; the other stages come back with their curves and snapshots. */
export const resumeSaved = () =>
  guard(async () => {
    const snapshot = lastSnapshot ?? (await loadSnapshot());
    const pipeline = lastPipeline ?? (await loadPipeline());
    lastPipeline = null;
    if (!snapshot && !pipeline) {
      actions.setResumable(null);
      actions.notify('warning', msg('notices.noSaved'));
      return;
    }
    const newer = pipeline && (!snapshot || pipeline.savedAt >= snapshot.savedAt);
    const { experiment, notices } = newer ? pipelineExperiment(pipeline, snapshot?.upload != null) : snapshotExperiment(snapshot!);
    for (const n of notices) actions.notify('warning', n);
    const { hide, guide } = useLab.getState().experiment;
    const e = { ...experiment, hide, guide };
    if (snapshot?.upload) actions.setUpload(snapshot.upload);
    actions.setExperiment(e);
    actions.setResumable(null);
    if (pipeline) restorePipeline(pipeline);
    const stage = pipeline?.activeStage ?? 'pretrain';
    if (stage === 'sft' || stage === 'reward' || stage === 'ppo') {
      if (snapshot) restorePretrainView(snapshot, e);
      return later.resumeStage(stage);
    }
    if (!snapshot) return;
    // A snapshot at the last step trains no further: run() then only probes and reports 'done'.
    await runToEnd(await createRun(e, { state: snapshot.state, snapshot }));
  });

/** Shows pretraining's saved curves without rebuilding its run (Continue rebuilds it from the snapshot). */
function restorePretrainView(snapshot: Snapshot, e: Experiment): void {
  lastSnapshot = snapshot;
  runExperiment = e;
  actions.restoreMetrics(snapshot.rows, snapshot.val);
  stageActions.setSaved('pretrain', snapshot.state);
  actions.setRunState(snapshot.state.step >= e.train.steps ? 'done' : 'paused', snapshot.state.step);
}

/** The training text to use with a checkpoint's vocabulary: the current one if it fits, else a bundled one that does. */
async function datasetFor(vocab: readonly string[], current: string, upload: LabState['upload']): Promise<string | null> {
  for (const id of [current, ...TEXT_DATASETS.map((d) => d.id).filter((id) => id !== current)]) {
    const text = await corpusText(id, upload).catch(() => null);
    if (text !== null && vocabCovers(vocab, text)) return id;
  }
  return null;
}

/** Starts a pretraining run from the weights of a `.safetensors` file, with the file's model size; the file also
 *  counts as the pretrained checkpoint SFT can start from at once. */
export async function importCheckpoint(file: File): Promise<void> {
  let imported;
  try {
    imported = readCheckpointFile(file.name, new Uint8Array(await file.arrayBuffer()));
  } catch (e) {
    actions.notify('error', errorSay(e));
    return;
  }
  const s = useLab.getState();
  const dataset = await datasetFor(imported.vocab, s.experiment.dataset, s.upload);
  if (!dataset) {
    actions.notify('error', msg('notices.importVocab', { name: file.name, count: imported.vocab.length }));
    return;
  }
  if (dataset !== s.experiment.dataset) actions.notify('info', msg('notices.switchedText', { title: datasetTitleSay(dataset) }));
  const e = { ...s.experiment, dataset, model: imported.model };
  const m = imported.model;
  actions.setExperiment(e);
  stageActions.select('pretrain');
  actions.notify('info', msg('notices.imported', { name: file.name, layers: m.nLayer, heads: m.nHead, width: m.nEmbd, context: m.blockSize }));
  await guard(async () => runToEnd(await createRun(e, { state: imported.state })));
}

/** Downloads the weights of the stage on screen: from the worker when it holds that run, else the stage's snapshot. */
export async function exportCheckpoint(): Promise<void> {
  const s = useLab.getState();
  const stage = s.activeStage;
  try {
    if (stage === 'sft' || stage === 'reward' || stage === 'ppo') return await later.exportStage(stage);
    if (holds('pretrain') && runExperiment && conn.api) {
      downloadBytes(checkpointFileName(runExperiment, s.step), await call(conn.api.exportCheckpoint()));
    } else if (s.saved.pretrain) {
      downloadBytes(checkpointFileName(s.experiment, s.saved.pretrain.step), s.saved.pretrain.checkpoint);
    }
  } catch (e) {
    actions.notify('error', msg('notices.exportFailed', { why: errorSay(e) }));
  }
}

/** Sends probe settings to the worker once edits pause; while not training, runs the probes so the views update. */
function watchProbes(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  useLab.subscribe(
    (s) => s.probes,
    (probes) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const api = conn.api;
        if (!api || !conn.hasRun || !conn.alive) return;
        sendProbes(api, probes);
        const stage = conn.runStage ?? 'pretrain';
        if (stageRunState(useLab.getState(), stage) !== 'running') call(api.probe()).catch((e) => actions.notify('error', errorSay(e)));
      }, PROBE_DEBOUNCE_MS);
    },
  );
}

/** Called once at startup in a browser with WebGPU: opens the worker's device and looks for a saved run. */
export async function startLab(): Promise<void> {
  onWorkerDeath(failure);
  watchProbes();
  later.watchRankings();
  [lastSnapshot, lastPipeline] = await Promise.all([loadSnapshot(), loadPipeline()]);
  if (lastSnapshot || lastPipeline) offer(lastSnapshot, lastPipeline);
  try {
    await openWorker();
  } catch (e) {
    // A worker that died has already been reported as a failure; a refused adapter means no usable WebGPU.
    if (useLab.getState().runState !== 'error') actions.setWebgpu('missing', messageOf(e));
  }
}
