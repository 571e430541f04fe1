// The experiment a URL carries: preset, data, model size, training settings (seed included) and classroom
// options. The schema (defaults, URL encoding, validation) lives in schema.ts.
import type { TrainConfig } from '../../engine/config';

export interface Experiment {
  /** Preset the values start from; only values that differ from it go into the URL. */
  preset: string;
  /** Bundled dataset id, or UPLOADED_DATASET for the user's own text (which never goes into the URL). */
  dataset: string;
  model: { nLayer: number; nHead: number; nEmbd: number; blockSize: number };
  train: TrainConfig;
  /** Classroom mode: ids of controls hidden from the learner (e.g. ['lr', 'batch']). */
  hide: string[];
  /** Guided preset shown to the learner (a short lesson text), if any. */
  guide: string | null;
}

export const UPLOADED_DATASET = 'upload';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}
