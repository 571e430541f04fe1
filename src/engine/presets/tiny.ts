// `tiny`: small enough to train on a CPU-emulated adapter (SwiftShader) in CI within a minute.
import type { Preset } from './preset';

export const tiny: Preset = {
  name: 'tiny',
  description: '2 layers, 2 heads, width 32, context 32 — trains on a CPU-emulated GPU in CI',
  model: { nLayer: 2, nHead: 2, nEmbd: 32, blockSize: 32 },
  train: { batchSize: 8, steps: 150, lr: 3e-3, warmupSteps: 10, evalEvery: 50 },
};
