// `shakespeare-char-size`: nanoGPT's config/train_shakespeare_char.py model (10.7M parameters at V=65).
import type { Preset } from './preset';

export const shakespeareCharSize: Preset = {
  name: 'shakespeare-char-size',
  description: '6 layers, 6 heads, width 384, context 256, batch 64 (nanoGPT shakespeare-char)',
  model: { nLayer: 6, nHead: 6, nEmbd: 384, blockSize: 256 },
  train: { batchSize: 64, steps: 5000, lr: 1e-3, warmupSteps: 100, evalEvery: 250, beta2: 0.99 },
};
