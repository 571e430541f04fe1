// The page's connection to the trainer worker: starts it (comlink), opens its GPU device, and knows which
// stage's run it holds (the worker holds one run at a time). Every call races the worker's death, so nothing waits
// forever on a worker that will never answer; a death is reported once to the handler the bridge installs.
// Also the few helpers both bridges (worker-bridge.ts, stage-bridge.ts) share.
// Exercised in the browser (the worker needs WebGPU) by the end-to-end suite.
import * as Comlink from 'comlink';
import type { ProbeSettings, Stage, TrainerWorkerApi } from '../workers/protocol';
import { actions } from './store/store';
import { errorSay, msg, SayError, type Say } from './i18n/i18n';

export type Api = Comlink.Remote<TrainerWorkerApi>;

export const conn = {
  api: null as Api | null,
  worker: null as Worker | null,
  /** False after a failure: the next run starts in a fresh worker (a lost device cannot be reused). */
  alive: false,
  /** Whether the worker holds a built run, and of which stage. */
  hasRun: false,
  runStage: null as Stage | null,
  /** Bumped for every run; events from an older run are ignored. */
  generation: 0,
};

/** Rejects when the current worker dies. */
let died: Promise<never> = new Promise(() => {});
let deathHandler: (message: Say) => void = () => {};

export function onWorkerDeath(handler: (message: Say) => void): void {
  deathHandler = handler;
}

export function call<T>(p: Promise<T>): Promise<T> {
  return Promise.race([p, died]);
}

/** Starts a fresh worker and opens its GPU device. */
export async function openWorker(): Promise<Api> {
  conn.worker?.terminate();
  const w = new Worker(new URL('../workers/trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
  conn.worker = w;
  conn.api = Comlink.wrap<TrainerWorkerApi>(w);
  conn.hasRun = false;
  conn.runStage = null;
  died = new Promise<never>((_, reject) => {
    const onDeath = (detail: Say) => {
      if (conn.worker !== w) return;
      conn.alive = false;
      conn.hasRun = false;
      const message = msg('notices.workerDied', { detail });
      reject(new SayError(message));
      deathHandler(message);
    };
    w.addEventListener('error', (ev) => onDeath(ev.message || msg('notices.workerCrashed')));
    w.addEventListener('messageerror', () => onDeath(msg('notices.messageUnreadable')));
  });
  died.catch(() => {});
  const api = conn.api;
  actions.setAdapter(await call(api.open()));
  conn.alive = true;
  return api;
}

/** The live worker, or a fresh one after a failure. */
export function liveApi(): Promise<Api> {
  return conn.alive && conn.api ? Promise.resolve(conn.api) : openWorker();
}

/** Whether the worker holds a usable run of `stage`. */
export function holds(stage: Stage): boolean {
  return conn.api !== null && conn.hasRun && conn.alive && conn.runStage === stage;
}

/** Frees the worker's run, whichever stage it is. */
export function disposeRun(): void {
  if (conn.hasRun && conn.alive) void conn.api?.dispose();
  conn.hasRun = false;
  conn.runStage = null;
}

/** Marks the run just built as the worker's run of `stage`. */
export function adoptRun(stage: Stage): void {
  conn.hasRun = true;
  conn.runStage = stage;
}

/** Thrown when a reset overtook a run that was still being built: nothing to report. */
export class Superseded extends Error {}

export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function sendProbes(a: Api, probes: ProbeSettings): void {
  call(a.setProbes(probes)).catch((e) => actions.notify('error', errorSay(e)));
}

let storageWarned = false;

/** Warns once that this browser does not keep runs. */
export function storageFailed(e: unknown): void {
  if (storageWarned) return;
  storageWarned = true;
  actions.notify('warning', msg('notices.storageFailed', { why: messageOf(e) }));
}
