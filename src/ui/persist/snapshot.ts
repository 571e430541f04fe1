// The saved run, kept in IndexedDB under one key so a reload (or a crashed worker) can resume it: the worker's
// latest SavedState, the experiment as its URL query, the uploaded text if the run used one, and the curves
// up to the saved step. Tested by snapshot.test.ts (building and reading); saving and loading run in the browser.

import type { SavedState } from '../../workers/protocol';
import { experimentFromQuery, experimentToQuery, type ParsedExperiment } from '../experiment/schema';
import { UPLOADED_DATASET, type Experiment } from '../experiment/types';
import type { LabState } from '../store/store';
import type { MetricSeries } from '../store/metrics';
import { idbGet, idbPut } from './idb';

const KEY = 'latest';

export interface Snapshot {
  savedAt: number;
  query: string;
  upload: LabState['upload'];
  state: SavedState;
  /** Step-metric rows up to state.step, laid out as appendSteps takes them. */
  rows: Float32Array;
  val: LabState['val'];
}

export function buildSnapshot(state: SavedState, experiment: Experiment, upload: LabState['upload'], metrics: MetricSeries, val: LabState['val'], savedAt = Date.now()): Snapshot {
  const steps = metrics.get('step');
  let n = 0;
  while (n < steps.length && steps[n] <= state.step) n++;
  const keep = val.step.filter((s) => s <= state.step).length;
  return {
    savedAt,
    query: experimentToQuery(experiment),
    upload: experiment.dataset === UPLOADED_DATASET ? upload : null,
    state,
    rows: metrics.toRows(n),
    val: { step: val.step.slice(0, keep), loss: val.loss.slice(0, keep) },
  };
}

/** The experiment a snapshot was trained with (its own upload counts as present). */
export function snapshotExperiment(s: Snapshot): ParsedExperiment {
  return experimentFromQuery(s.query, { hasUpload: s.upload !== null });
}

export function saveSnapshot(s: Snapshot): Promise<void> {
  return idbPut(KEY, s);
}

/** The saved run, or null when there is none or this browser keeps no storage (private windows, blocked IndexedDB). */
export async function loadSnapshot(): Promise<Snapshot | null> {
  try {
    return (await idbGet<Snapshot>(KEY)) ?? null;
  } catch {
    return null;
  }
}
