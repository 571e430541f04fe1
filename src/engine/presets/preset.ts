// The shape of a preset: a name, a model size (vocabulary comes from the data) and training overrides.
import type { ModelConfig, TrainConfig } from '../config';

export interface Preset {
  name: string;
  description: string;
  model: Omit<ModelConfig, 'vocabSize'>;
  train: Partial<TrainConfig>;
}
