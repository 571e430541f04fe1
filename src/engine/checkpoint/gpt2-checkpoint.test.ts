// Checkpoints: HF GPT-2 names and shapes, metadata, a round trip to identical parameters, eval of the exported
// checkpoint equal to the in-memory model, and clear errors for wrong files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitCorpus, trainSplitIndex } from '../data/corpus';
import { evalLoss } from '../eval/eval-loss';
import { getPreset, presetTrainConfig } from '../presets';
import { Trainer } from '../train/trainer';
import { testCtx } from '../../test/gpu';
import { decodeCheckpoint, encodeCheckpoint } from './gpt2-checkpoint';
import { readSafetensors, writeSafetensors } from './safetensors';

// A 20 000-character slice keeps the two full evaluations short on SwiftShader.
const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8').slice(0, 20_000);

describe('GPT-2 safetensors checkpoints', () => {
  it('round-trips a trained model and evaluates identically', async () => {
    const ctx = await testCtx();
    const tiny = getPreset('tiny');
    const corpus = splitCorpus(text, tiny.model.blockSize);
    const trainer = new Trainer(ctx, { model: tiny.model, train: presetTrainConfig(tiny, { steps: 3 }), corpus });
    for (let i = 0; i < 3; i++) await trainer.step();
    await trainer.flush();
    const flat = await trainer.model.readParams();
    const bytes = encodeCheckpoint(trainer.cfg, trainer.tokenizer, flat);

    const { tensors, metadata } = readSafetensors(bytes);
    const C = tiny.model.nEmbd;
    expect(tensors.get('transformer.wte.weight')!.shape).toEqual([trainer.cfg.vocabSize, C]);
    expect(tensors.get('transformer.wpe.weight')!.shape).toEqual([tiny.model.blockSize, C]);
    expect(tensors.get('transformer.h.0.attn.c_attn.weight')!.shape).toEqual([C, 3 * C]);
    expect(tensors.get('transformer.h.1.mlp.c_proj.weight')!.shape).toEqual([4 * C, C]);
    expect(tensors.get('transformer.ln_f.bias')!.shape).toEqual([C]);
    expect(tensors.size).toBe(2 + 12 * tiny.model.nLayer + 2);
    expect(JSON.parse(metadata.config)).toEqual({ n_layer: 2, n_head: 2, n_embd: C, n_positions: tiny.model.blockSize, vocab_size: trainer.cfg.vocabSize });
    expect(JSON.parse(metadata.tokenizer)).toEqual({ type: 'char', vocab: [...trainer.tokenizer.vocab] });

    const back = decodeCheckpoint(bytes);
    expect(back.config).toEqual(trainer.cfg);
    expect(back.flat).toEqual(flat);

    const inMemory = await evalLoss(ctx, trainer.cfg, flat, corpus.val);
    const all = back.tokenizer.encode(text);
    const exported = await evalLoss(ctx, back.config, back.flat, all.subarray(trainSplitIndex(all.length)));
    expect(exported.loss).toBe(inMemory.loss);
    expect(exported.windows).toBe(Math.floor(corpus.val.length / (tiny.model.blockSize + 1)));
    trainer.destroy();
  });

  it('rejects files that are not GPT Lab checkpoints, saying why', () => {
    expect(() => decodeCheckpoint(writeSafetensors([], {}))).toThrow(/no "config"/);
    const cfg = JSON.stringify({ n_layer: 1, n_head: 1, n_embd: 4, n_positions: 4, vocab_size: 2 });
    const tok = JSON.stringify({ type: 'char', vocab: ['a', 'b'] });
    expect(() => decodeCheckpoint(writeSafetensors([], { config: cfg, tokenizer: tok }))).toThrow(/missing tensor transformer.wte.weight/);
    expect(() => decodeCheckpoint(new Uint8Array([1, 2, 3]))).toThrow();
  });
});
