// The page's handle on the trainer worker (comlink). One worker per page; GPU work never runs on the main thread.
import * as Comlink from 'comlink';
import type { TrainerWorkerApi } from '../workers/protocol';

export function startTrainerWorker(): { api: Comlink.Remote<TrainerWorkerApi>; worker: Worker } {
  const worker = new Worker(new URL('../workers/trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
  return { api: Comlink.wrap<TrainerWorkerApi>(worker), worker };
}
