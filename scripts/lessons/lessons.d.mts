// Types for lessons.mjs, so make-datasets.test.ts typechecks.
import type { DatasetKind } from '../../src/engine/data/datasets';

export const LESSON_DATASETS: {
  id: string; file: string; title: string; language: string; kind: DatasetKind; corpus?: string; lesson: string; description: string;
  text: () => string;
}[];
