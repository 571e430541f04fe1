// The flat parameter layout: Hugging Face names and shapes, 256-byte aligned offsets, decayed 2-D weights first,
// scalar heads in their groups (K outputs: weight (K, C), bias (K)), frozen groups after the optimizer's range,
// the errors for bad head lists, and GPT.plan's check that a shared layout holds the heads asked for.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { GPT } from './gpt';
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

  it('gives a head with K outputs an (K, C) weight and a (K) bias, each as its own aligned range', () => {
    const l = paramLayout(cfg, { heads: [{ name: 'score', bias: false, outputs: 3 }, { name: 'mc', bias: true, outputs: 1 }, { name: 'cls', bias: true, outputs: 70 }] });
    const byName = new Map(l.specs.map((s) => [s.name, s]));
    expect(byName.get('score.weight')).toMatchObject({ shape: [3, 8], length: 24, decay: true, group: 'score' });
    expect(byName.has('score.bias')).toBe(false);
    expect(byName.get('mc.weight')).toMatchObject({ shape: [1, 8], length: 8 });
    expect(byName.get('mc.bias')).toMatchObject({ shape: [1], length: 1, decay: false });
    expect(byName.get('cls.weight')).toMatchObject({ shape: [70, 8], length: 560 });
    expect(byName.get('cls.bias')).toMatchObject({ shape: [70], length: 70, decay: false });
    const sorted = [...l.specs].sort((a, b) => a.offset - b.offset);
    sorted.slice(1).forEach((s, i) => expect(s.offset, s.name).toBeGreaterThanOrEqual(sorted[i].offset + sorted[i].length));
    expect(l.count).toBe(paramLayout(cfg).count + 24 + 8 + 1 + 560 + 70);
    // outputs: 1 is the layout of a head that does not say
    const one = paramLayout(cfg, { heads: [{ name: 'score', bias: true, outputs: 1 }] });
    expect(one.specs).toEqual(paramLayout(cfg, { heads: [{ name: 'score', bias: true }] }).specs);
  });

  it('rejects a head whose outputs is not a positive integer', () => {
    expect(() => paramLayout(cfg, { heads: [{ name: 'score', bias: false, outputs: 0 }] })).toThrow('head "score" has outputs=0');
    expect(() => paramLayout(cfg, { heads: [{ name: 'score', bias: false, outputs: 2.5 }] })).toThrow('head "score" has outputs=2.5');
  });

  it('GPT.plan refuses a head whose outputs or bias differ from the shared layout\'s', async () => {
    const ctx = await testCtx();
    const model = new GPT(ctx, cfg, 1, 4, { training: false, lmHead: false, scalarHeads: [{ name: 'score', bias: false, outputs: 3, rows: 1 }] });
    try {
      const plan = (heads: Array<{ name: string; bias: boolean; outputs?: number }>) =>
        GPT.plan(ctx.limits, cfg, 1, 4, { training: false, lmHead: false, shareParams: model, scalarHeads: heads.map((h) => ({ ...h, rows: 1 })) });
      expect(plan([{ name: 'score', bias: false, outputs: 3 }]).layout).toBe(model.layout);
      expect(() => plan([{ name: 'score', bias: false }])).toThrow('GPT: head "score" (bias false, 1 outputs) is not in the shared parameters\' layout (score: bias false, 3 outputs)');
      expect(() => plan([{ name: 'score', bias: false, outputs: 2 }])).toThrow('(bias false, 2 outputs)');
      expect(() => plan([{ name: 'score', bias: true, outputs: 3 }])).toThrow('(bias true, 3 outputs)');
      expect(model.head('score').K).toBe(3);
      expect(model.head('score').values.length).toBe(3);
    } finally {
      model.destroy();
    }
  });

  it('rejects duplicate head names and freezing an unknown group', () => {
    expect(() => paramLayout(cfg, { heads: [{ name: 'score', bias: false }, { name: 'score', bias: true }] })).toThrow('head names must be distinct');
    expect(() => paramLayout(cfg, { frozen: ['score'] })).toThrow('cannot freeze unknown group "score"');
  });
});
