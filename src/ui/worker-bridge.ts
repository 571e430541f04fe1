// The page's side of the trainer worker: starts it (comlink), turns the buttons into worker calls, routes every
// TrainerEvent into store actions, saves each `saved` snapshot to IndexedDB, and recovers from a failed run or a
// dead worker (lost device, crash) by offering a restart from the last snapshot in a fresh worker.
// Exercised in the browser (the worker needs WebGPU); the pieces it composes are unit-tested.

import * as Comlink from 'comlink';
import { DATASETS } from '../engine/data/datasets';
import type { ProbeSettings, SavedState, TrainerEvent, TrainerWorkerApi } from '../workers/protocol';
import { corpusText } from './corpus-text';
import { datasetTitle, experimentToRunSpec } from './experiment/schema';
import type { Experiment } from './experiment/types';
import { checkpointFileName, downloadBytes, readCheckpointFile, vocabCovers } from './persist/checkpoint-file';
import { buildSnapshot, loadSnapshot, saveSnapshot, snapshotExperiment, type Snapshot } from './persist/snapshot';
import { actions, useLab, type LabState } from './store/store';

let api: Comlink.Remote<TrainerWorkerApi> | null = null;
let worker: Worker | null = null;
/** Rejects when the current worker dies, so no call waits forever on a worker that will never answer. */
let died: Promise<never> = new Promise(() => {});
/** False after a failure: the next run starts in a fresh worker (a lost device cannot be reused). */
let alive = false;
/** Bumped for every run; events from an older run are ignored. */
let generation = 0;
let hasRun = false;
let runExperiment: Experiment | null = null;
let running: Promise<void> | null = null;
/** Pause pressed while the run was still being built: honoured as soon as it trains. */
let pauseRequested = false;
/** The newest snapshot of the current run (or the one it resumed from): what a restart goes back to. */
let lastSnapshot: Snapshot | null = null;
let storageWarned = false;

const PROBE_DEBOUNCE_MS = 300;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

function call<T>(p: Promise<T>): Promise<T> {
  return Promise.race([p, died]);
}

/** Starts a fresh worker and opens its GPU device. */
async function openWorker(): Promise<Comlink.Remote<TrainerWorkerApi>> {
  worker?.terminate();
  const w = new Worker(new URL('../workers/trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
  worker = w;
  api = Comlink.wrap<TrainerWorkerApi>(w);
  hasRun = false;
  died = new Promise<never>((_, reject) => {
    const onDeath = (detail: string) => {
      if (worker !== w) return;
      alive = false;
      hasRun = false;
      const message = `The trainer stopped unexpectedly (${detail}). The GPU may have been reset or run out of memory.`;
      reject(new Error(message));
      failure(message);
    };
    w.addEventListener('error', (ev) => onDeath(ev.message || 'the worker crashed'));
    w.addEventListener('messageerror', () => onDeath('a message could not be read'));
  });
  died.catch(() => {});
  actions.setAdapter(await call(api.open()));
  alive = true;
  return api;
}

/** Shows a failure once, marks the run failed, and offers the last snapshot for a restart. */
function failure(message: string): void {
  alive = false;
  if (useLab.getState().error === message) return;
  actions.notify('error', message);
  actions.fail(message);
  if (lastSnapshot) offer(lastSnapshot);
}

function offer(s: Snapshot): void {
  actions.setResumable({ step: s.state.step, query: s.query, savedAt: s.savedAt });
}

/** Thrown when a reset overtook a run that was still being built: nothing to report. */
class Superseded extends Error {}

function guard(task: () => Promise<void>): Promise<void> {
  return task().catch((e) => {
    if (!(e instanceof Superseded)) failure(messageOf(e));
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
    case 'error': return failure(ev.message);
  }
}

async function persist(state: SavedState): Promise<void> {
  const s = useLab.getState();
  if (!runExperiment) return;
  lastSnapshot = buildSnapshot(state, runExperiment, s.upload, s.metrics, s.val);
  try {
    await saveSnapshot(lastSnapshot);
  } catch (e) {
    if (storageWarned) return;
    storageWarned = true;
    actions.notify('warning', `This browser did not keep the run (${messageOf(e)}): it cannot be resumed after a reload.`);
  }
}

/** Builds a run for `e` in the worker (a fresh one after a failure), starting from `from` if given. */
async function createRun(e: Experiment, from?: { state: SavedState; snapshot?: Snapshot }): Promise<Comlink.Remote<TrainerWorkerApi>> {
  const gen = ++generation;
  if (hasRun && alive) void api?.dispose();
  hasRun = false;
  pauseRequested = false;
  actions.resetRun();
  actions.dismissErrors();
  actions.setResumable(null);
  lastSnapshot = from?.snapshot ?? null;
  if (from?.snapshot) actions.restoreMetrics(from.snapshot.rows, from.snapshot.val);
  actions.setRunState('running', from?.state.step ?? 0);
  const a = alive && api ? api : await openWorker();
  const text = await corpusText(e.dataset, useLab.getState().upload);
  const onEvent = (ev: TrainerEvent) => gen === generation && route(ev);
  const summary = await call(a.create({ text, spec: experimentToRunSpec(e), resume: from?.state }, Comlink.proxy(onEvent)));
  if (gen !== generation) {
    void a.dispose();
    throw new Superseded();
  }
  hasRun = true;
  runExperiment = e;
  actions.setSummary(summary);
  sendProbes(a, useLab.getState().probes);
  return a;
}

/** Trains until done or paused; settles the state if the worker did not report it. */
async function runToEnd(a: Comlink.Remote<TrainerWorkerApi>): Promise<void> {
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

/** The live run if it can continue, else a new one for the current experiment. */
async function currentOrNewRun(): Promise<Comlink.Remote<TrainerWorkerApi>> {
  const s = useLab.getState();
  if (api && hasRun && alive && (s.runState === 'paused' || s.runState === 'idle')) return api;
  return createRun(s.experiment);
}

export const train = () =>
  guard(async () => {
    pauseRequested = false;
    await runToEnd(await currentOrNewRun());
  });

export const stepOnce = () =>
  guard(async () => {
    const a = await currentOrNewRun();
    actions.setRunState('running');
    await call(a.step());
    settle();
  });

export function pause(): void {
  pauseRequested = true;
  if (api && hasRun && alive) void api.pause();
}

export async function reset(): Promise<void> {
  generation++;
  if (api && hasRun && alive) {
    void api.pause();
    await running?.catch(() => {});
    void api.dispose();
  }
  hasRun = false;
  runExperiment = null;
  actions.resetRun();
}

/** Recreates the saved run (after a reload, or after a failure) and continues training it. */
export const resumeSaved = () =>
  guard(async () => {
    const snapshot = lastSnapshot ?? (await loadSnapshot());
    if (!snapshot) {
      actions.setResumable(null);
      actions.notify('warning', 'No saved run was found in this browser.');
      return;
    }
    const { experiment, notices } = snapshotExperiment(snapshot);
    for (const n of notices) actions.notify('warning', n);
    const { hide, guide } = useLab.getState().experiment;
    const e = { ...experiment, hide, guide };
    if (snapshot.upload) actions.setUpload(snapshot.upload);
    actions.setExperiment(e);
    // A snapshot at the last step trains no further: run() then only probes and reports 'done'.
    await runToEnd(await createRun(e, { state: snapshot.state, snapshot }));
  });

/** The training text to use with a checkpoint's vocabulary: the current one if it fits, else a bundled one that does. */
async function datasetFor(vocab: readonly string[], current: string, upload: LabState['upload']): Promise<string | null> {
  for (const id of [current, ...DATASETS.map((d) => d.id).filter((id) => id !== current)]) {
    const text = await corpusText(id, upload).catch(() => null);
    if (text !== null && vocabCovers(vocab, text)) return id;
  }
  return null;
}

/** Starts a run from the weights of a `.safetensors` file, with the file's model size. */
export async function importCheckpoint(file: File): Promise<void> {
  let imported;
  try {
    imported = readCheckpointFile(file.name, new Uint8Array(await file.arrayBuffer()));
  } catch (e) {
    actions.notify('error', messageOf(e));
    return;
  }
  const s = useLab.getState();
  const dataset = await datasetFor(imported.vocab, s.experiment.dataset, s.upload);
  if (!dataset) {
    actions.notify('error', `"${file.name}" knows ${imported.vocab.length} characters, which do not cover the current text or any bundled dataset. Upload the text it was trained on, then import it again.`);
    return;
  }
  if (dataset !== s.experiment.dataset) actions.notify('info', `Switched the training text to ${datasetTitle(dataset)}, whose characters the checkpoint knows.`);
  const e = { ...s.experiment, dataset, model: imported.model };
  const m = imported.model;
  actions.setExperiment(e);
  actions.notify('info', `Imported "${file.name}": ${m.nLayer} layers, ${m.nHead} heads, width ${m.nEmbd}, context ${m.blockSize}. Training starts from its weights.`);
  await guard(async () => runToEnd(await createRun(e, { state: imported.state })));
}

export async function exportCheckpoint(): Promise<void> {
  if (!api || !hasRun || !alive || !runExperiment) return;
  try {
    downloadBytes(checkpointFileName(runExperiment, useLab.getState().step), await call(api.exportCheckpoint()));
  } catch (e) {
    actions.notify('error', `Could not export the checkpoint: ${messageOf(e)}`);
  }
}

function sendProbes(a: Comlink.Remote<TrainerWorkerApi>, probes: ProbeSettings): void {
  call(a.setProbes(probes)).catch((e) => actions.notify('error', messageOf(e)));
}

/** Sends probe settings to the worker once edits pause; while not training, runs the probes so the views update. */
function watchProbes(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  useLab.subscribe(
    (s) => s.probes,
    (probes) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (!api || !hasRun || !alive) return;
        sendProbes(api, probes);
        if (useLab.getState().runState !== 'running') call(api.probe()).catch((e) => actions.notify('error', messageOf(e)));
      }, PROBE_DEBOUNCE_MS);
    },
  );
}

/** Called once at startup in a browser with WebGPU: opens the worker's device and looks for a saved run. */
export async function startLab(): Promise<void> {
  watchProbes();
  lastSnapshot = await loadSnapshot();
  if (lastSnapshot) offer(lastSnapshot);
  try {
    await openWorker();
  } catch (e) {
    // A worker that died has already been reported as a failure; a refused adapter means no usable WebGPU.
    if (useLab.getState().runState !== 'error') actions.setWebgpu('missing', messageOf(e));
  }
}
