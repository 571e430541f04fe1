// Types for make-datasets.mjs, so its test typechecks.
import type { DatasetInfo } from '../src/engine/data/datasets';

/** Writes every dataset and index.json into `outDir`; returns the index entries. */
export function makeDatasets(outDir: string): DatasetInfo[];
