// ProbeRunner on the Node WebGPU adapter (SwiftShader in CI), `tiny` preset after a few steps: view shapes,
// attention rows are causal distributions, layer 0 of the residual stream is wte[token] + wpe[position]
// computed from read-back parameters, histograms count every value, and destroy() frees the probe model.
// Also the probe-text encoding (unknown characters dropped, truncation, never empty).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitCorpus } from '../data/corpus';
import { CharTokenizer } from '../data/tokenizer';
import { getPreset, presetTrainConfig } from '../presets';
import { Trainer } from '../train/trainer';
import { expectClose, testCtx } from '../../test/gpu';
import { encodeProbeText, NEIGHBOURS, ProbeRunner } from './probe-runner';

const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8').slice(0, 20_000);
const tiny = getPreset('tiny');

describe('encodeProbeText', () => {
  const tok = CharTokenizer.fromText('abc ');
  it('drops unknown characters and truncates to the context length', () => {
    expect(tok.decode(encodeProbeText(tok, 'a😀b xc', 4))).toBe('ab c');
    expect(encodeProbeText(tok, 'abcabcabc', 5).length).toBe(5);
  });
  it('keeps at least one token', () => {
    expect(Array.from(encodeProbeText(tok, 'xyz', 4))).toEqual([0]);
  });
});

describe('ProbeRunner', () => {
  it('returns consistent embedding, activation and attention views', async () => {
    const ctx = await testCtx();
    const trainer = new Trainer(ctx, { model: tiny.model, train: presetTrainConfig(tiny, { steps: 3 }), corpus: splitCorpus(text, tiny.model.blockSize) });
    for (let i = 0; i < 3; i++) await trainer.step();
    await trainer.flush();
    const { nLayer: L, nHead: NH, nEmbd: C, vocabSize: V } = trainer.cfg;
    const afterTrainer = ctx.allocatedBytes;
    const runner = new ProbeRunner(trainer.model, trainer.tokenizer);
    const probeText = 'Once upon a time\u{1F600}, a cat';
    const { embedding, activations, attention } = await runner.run(probeText, 3);
    const T = probeText.length - 2; // the emoji (two UTF-16 units) is not in the vocabulary

    expect(embedding.step).toBe(3);
    expect(embedding.tokens).toEqual(trainer.tokenizer.vocab);
    expect(embedding.xy.length).toBe(V * 2);
    expect(embedding.K).toBe(NEIGHBOURS);
    expect(embedding.neighbours.length).toBe(V * NEIGHBOURS);
    expect(embedding.similarity.length).toBe(V * NEIGHBOURS);
    expect(embedding.explained[0]).toBeGreaterThanOrEqual(embedding.explained[1]);
    expect(embedding.explained[0] + embedding.explained[1]).toBeLessThanOrEqual(1 + 1e-6);

    expect(attention.tokens.join('')).toBe('Once upon a time, a cat');
    expect([attention.L, attention.NH, attention.T, attention.weights.length]).toEqual([L, NH, T, L * NH * T * T]);
    for (let r = 0; r < L * NH * T; r++) {
      const q = r % T;
      const row = attention.weights.subarray(r * T, (r + 1) * T);
      expect(Math.abs(row.subarray(0, q + 1).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
      expect(Array.from(row.subarray(q + 1)).every((w) => w === 0)).toBe(true);
    }

    expect([activations.layers, activations.T, activations.C, activations.residual.length]).toEqual([L + 1, T, C, (L + 1) * T * C]);
    const flat = await trainer.model.readParams();
    const offset = (name: string) => trainer.model.layout.specs.find((s) => s.name === name)!.offset;
    const [wte, wpe] = [offset('transformer.wte.weight'), offset('transformer.wpe.weight')];
    const ids = trainer.tokenizer.encode(activations.tokens.join(''));
    const layer0 = new Float32Array(T * C);
    for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) layer0[t * C + c] = flat[wte + ids[t] * C + c] + flat[wpe + t * C + c];
    expectClose(activations.residual.subarray(0, T * C), layer0, { atol: 1e-6, rtol: 1e-6 }, 'layer 0 = wte + wpe');
    for (let l = 0; l <= L; l++) {
      const counts = activations.histogram.subarray(l * activations.bins, (l + 1) * activations.bins);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(T * C);
      const [, , min, max] = activations.stats.subarray(l * 4, l * 4 + 4);
      expect(min).toBeGreaterThanOrEqual(activations.histMin);
      expect(max).toBeLessThanOrEqual(activations.histMax);
    }

    runner.destroy();
    expect(ctx.allocatedBytes).toBe(afterTrainer);
    trainer.destroy();
  });
});
