// Types for make-datasets.mjs, so its test typechecks.
import type { DatasetInfo } from '../src/engine/data/datasets';

/** Prompt + completion + end-of-text token must fit in this many tokens (one per character). */
export const SFT_MAX_TOKENS: number;
/** Longest prompt in characters, by language. */
export const MAX_PROMPT_CHARS: { en: number; zh: number };

/** Writes every dataset and index.json into `outDir`; returns the index entries. */
export function makeDatasets(outDir: string): DatasetInfo[];
