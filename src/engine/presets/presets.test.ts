// Presets: the three the issue names exist with the stated sizes; unknown names fail clearly.
import { describe, expect, it } from 'vitest';
import { getPreset, presetTrainConfig } from './index';

describe('presets', () => {
  it('has the named sizes', () => {
    expect(getPreset('small').model).toEqual({ nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64 });
    expect(getPreset('small').train.batchSize).toBe(12);
    expect(getPreset('shakespeare-char-size').model).toEqual({ nLayer: 6, nHead: 6, nEmbd: 384, blockSize: 256 });
    expect(getPreset('shakespeare-char-size').train.batchSize).toBe(64);
    expect(getPreset('tiny').model.nLayer).toBeGreaterThan(0);
  });
  it('rejects unknown presets, naming the known ones', () => {
    expect(() => getPreset('huge')).toThrow(/unknown preset "huge".*tiny, small, shakespeare-char-size/);
  });
  it('applies overrides over the preset over the defaults', () => {
    const t = presetTrainConfig(getPreset('tiny'), { lr: 0.5, steps: undefined });
    expect(t.lr).toBe(0.5);
    expect(t.steps).toBe(getPreset('tiny').train.steps);
    expect(t.eps).toBe(1e-8);
  });
});
