// The flat parameter layout: Hugging Face names and shapes, 256-byte aligned offsets, decayed 2-D weights first,
// scalar heads in their groups, frozen groups after the optimizer's range, and the errors for bad head lists.
import { describe, expect, it } from 'vitest';
import { paramLayout } from './params';

const cfg = { nLayer: 2, nHead: 2, nEmbd: 8, blockSize: 4, vocabSize: 5 };

describe('paramLayout', () => {
  it('lays out GPT-2 with HF names, aligned offsets and the decayed weights first', () => {
    const l = paramLayout(cfg);
    expect(l.specs[0]).toMatchObject({ name: 'transformer.wte.weight', shape: [5, 8], offset: 0, decay: true, group: 'transformer' });
    expect(l.specs.every((s) => s.offset % 64 === 0)).toBe(true);
    expect(l.specs.filter((s) => s.decay).every((s) => s.shape.length === 2 && s.offset < l.decayEnd)).toBe(true);
    expect(l.specs.filter((s) => !s.decay).every((s) => s.shape.length === 1 && s.offset >= l.decayEnd)).toBe(true);
    expect(l.trainableEnd).toBe(l.total);
    expect(l.count).toBe(5 * 8 + 4 * 8 + 2 * (12 * 8 * 8 + 13 * 8) + 2 * 8);
  });

  it('adds scalar heads (weight (1, C) decayed, bias not) and places frozen groups after trainableEnd', () => {
    const l = paramLayout(cfg, { heads: [{ name: 'score', bias: false }, { name: 'v_head.summary', bias: true }] });
    const byName = new Map(l.specs.map((s) => [s.name, s]));
    expect(byName.get('score.weight')).toMatchObject({ shape: [1, 8], decay: true, group: 'score' });
    expect(byName.get('v_head.summary.bias')).toMatchObject({ shape: [1], decay: false, group: 'v_head.summary' });
    expect(byName.has('score.bias')).toBe(false);

    const frozen = paramLayout(cfg, { heads: [{ name: 'score', bias: false }], frozen: ['transformer'] });
    const trainable = frozen.specs.filter((s) => s.offset < frozen.trainableEnd).map((s) => s.name);
    expect(trainable).toEqual(['score.weight']);
    expect(frozen.specs.filter((s) => s.group === 'transformer').every((s) => s.offset >= frozen.trainableEnd)).toBe(true);
  });

  it('rejects duplicate head names and freezing an unknown group', () => {
    expect(() => paramLayout(cfg, { heads: [{ name: 'score', bias: false }, { name: 'score', bias: true }] })).toThrow('head names must be distinct');
    expect(() => paramLayout(cfg, { frozen: ['score'] })).toThrow('cannot freeze unknown group "score"');
  });
});
