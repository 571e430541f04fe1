// `small`: a model a laptop GPU trains in a minute or two in the browser.
import type { Preset } from './preset';

export const small: Preset = {
  name: 'small',
  description: '4 layers, 4 heads, width 128, context 64, batch 12',
  model: { nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64 },
  train: { batchSize: 12, steps: 1000, lr: 1e-3, warmupSteps: 50, evalEvery: 100 },
};
