// The run a CLI checkpoint records in `__metadata__.gpt_lab_run` (src/engine/export/run-description.ts): stage,
// steps taken, TrainConfig, stage settings and the data as an absolute path (and the bundled dataset's id), so
// `npm run export` can write the folder from the checkpoint alone. Tested by export.test.ts.

import { join, resolve } from 'node:path';
import { datasetPath } from '../engine/data/datasets';
import { RUN_FORMAT, STAGE_DATA_KIND, type RunData, type RunDescription, type RunStage } from '../engine/export/run-description';
import { withRunMetadata } from '../engine/export/run-metadata';
import { projectRoot } from './load-data';

/** The data a command read from `--data FILE` or `--dataset ID`, as the run records it. */
export function recordedData(stage: RunStage, source: { data?: string; dataset?: string }): RunData {
  const kind = STAGE_DATA_KIND[stage];
  if (source.data) return { kind, file: resolve(source.data) };
  if (source.dataset) return { kind, file: join(projectRoot(), 'public', datasetPath(source.dataset)), dataset: source.dataset };
  throw new Error('recordedData: the command read no data');
}

/** `checkpoint` with the CLI run recorded in its metadata. */
export function recordRun(checkpoint: Uint8Array, run: Omit<RunDescription, 'format' | 'source'>): Uint8Array {
  return withRunMetadata(checkpoint, { format: RUN_FORMAT, source: 'cli', ...run });
}
