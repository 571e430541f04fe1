// Checkpoints: HF GPT-2 names and shapes, metadata, a round trip to identical parameters, eval of the exported
// checkpoint equal to the in-memory model, GPT-1 task models (GPT2ForSequenceClassification with K labels,
// GPT2DoubleHeadsModel), and clear errors for wrong files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitCorpus, trainSplitIndex } from '../data/corpus';
import { evalLoss } from '../eval/eval-loss';
import { getPreset, presetTrainConfig } from '../presets';
import { Trainer } from '../train/trainer';
import { testCtx } from '../../test/gpu';
import { CharTokenizer, DELIM, EOT, EXTRACT, START } from '../data/tokenizer';
import { paramLayout } from '../model/params';
import { decodeCheckpoint, encodeCheckpoint, expectLanguageModel, expectRewardModel, headsOf, REWARD_HEAD, withSpecialTokens, type TaskHeadInfo } from './gpt2-checkpoint';
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
    expect(JSON.parse(metadata.config)).toEqual({ n_layer: 2, n_head: 2, n_embd: C, n_positions: tiny.model.blockSize, vocab_size: trainer.cfg.vocabSize, architectures: ['GPT2LMHeadModel'] });
    expect(JSON.parse(metadata.tokenizer)).toEqual({ type: 'char', vocab: trainer.tokenizer.vocab.slice(0, -1), special: [EOT] });

    const back = decodeCheckpoint(bytes);
    expect(back.architecture).toBe('GPT2LMHeadModel');
    expect(back.tokenizer.eot).toBe(trainer.tokenizer.eot);
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
    const huge = JSON.stringify({ n_layer: 90, n_head: 128, n_embd: 16_384, n_positions: 65_536, vocab_size: 2 });
    expect(() => decodeCheckpoint(writeSafetensors([], { config: huge, tokenizer: tok }))).toThrow(/missing tensor/);
    expect(() => decodeCheckpoint(writeSafetensors([], { config: cfg.replace('"n_layer":1', '"n_layer":1000'), tokenizer: tok }))).toThrow(/n_layer|nLayer = 1000 is above/);
    expect(() => decodeCheckpoint(writeSafetensors([], { config: cfg, tokenizer: JSON.stringify({ type: 'char', vocab: ['a', 'b'], special: ['eot'] }) }))).toThrow(/bad tokenizer/);
  });

  it('writes a reward model as GPT2ForSequenceClassification (score.weight (1, C)) and tells the two kinds apart', () => {
    const config = { nLayer: 1, nHead: 1, nEmbd: 4, blockSize: 4, vocabSize: 3 };
    const tokenizer = CharTokenizer.fromVocab(['a', 'b'], [EOT]);
    const layout = paramLayout(config, { heads: [REWARD_HEAD] });
    const flat = new Float32Array(layout.total);
    for (const s of layout.specs) for (let i = 0; i < s.length; i++) flat[s.offset + i] = (i % 7) - 3;
    const bytes = encodeCheckpoint(config, tokenizer, flat, { architecture: 'GPT2ForSequenceClassification', rewardStats: { mean: 0.5, std: 2 } });
    const { tensors, metadata } = readSafetensors(bytes);
    expect(tensors.get('score.weight')!.shape).toEqual([1, 4]);
    expect(JSON.parse(metadata.config)).toMatchObject({ architectures: ['GPT2ForSequenceClassification'], num_labels: 1 });
    const back = decodeCheckpoint(bytes);
    expect(back.architecture).toBe('GPT2ForSequenceClassification');
    expect(back.flat).toEqual(flat);
    expect(back.rewardStats).toEqual({ mean: 0.5, std: 2 });
    expect(() => expectLanguageModel(back, 'rm.safetensors')).toThrow('rm.safetensors is a reward model (GPT2ForSequenceClassification), but a language model (GPT2LMHeadModel) is expected here');
    const lm = encodeCheckpoint(config, tokenizer, new Float32Array(paramLayout(config).total));
    expect(() => expectRewardModel(decodeCheckpoint(lm), 'lm.safetensors')).toThrow('lm.safetensors is a language model');
  });

  it('adds special tokens to an older checkpoint: wte grows by the mean row, every other tensor is kept', () => {
    const config = { nLayer: 1, nHead: 1, nEmbd: 2, blockSize: 3, vocabSize: 2 };
    const old = CharTokenizer.fromVocab(['a', 'b']);
    const flat = Float32Array.from({ length: paramLayout(config).total }, (_, i) => i);
    const ckpt = decodeCheckpoint(encodeCheckpoint(config, old, flat));
    const grown = withSpecialTokens(ckpt, [EOT]);
    expect(grown.config.vocabSize).toBe(3);
    expect(grown.tokenizer.eot).toBe(2);
    const wte = grown.layout.specs.find((s) => s.name === 'transformer.wte.weight')!;
    expect([...grown.flat.subarray(wte.offset, wte.offset + 6)]).toEqual([0, 1, 2, 3, 1, 2]);
    const wpe = (l: typeof grown.layout) => l.specs.find((s) => s.name === 'transformer.wpe.weight')!;
    expect(grown.flat.subarray(wpe(grown.layout).offset, wpe(grown.layout).offset + 6)).toEqual(ckpt.flat.subarray(wpe(ckpt.layout).offset, wpe(ckpt.layout).offset + 6));
    expect(withSpecialTokens(grown, [EOT])).toBe(grown);
  });

  describe('GPT-1 task models', () => {
    const config = { nLayer: 1, nHead: 1, nEmbd: 4, blockSize: 4, vocabSize: 5 };
    const tokenizer = CharTokenizer.fromVocab(['a', 'b'], [START, DELIM, EXTRACT]);
    const encoded = (task: TaskHeadInfo) => {
      const layout = paramLayout(config, { heads: headsOf(task.kind === 'multiple_choice' ? 'GPT2DoubleHeadsModel' : 'GPT2ForSequenceClassification', task) });
      const flat = new Float32Array(layout.total);
      for (const s of layout.specs) for (let i = 0; i < s.length; i++) flat[s.offset + i] = (i % 5) - 2;
      return { flat, bytes: encodeCheckpoint(config, tokenizer, flat, { task }) };
    };

    it('classification: GPT2ForSequenceClassification with score.weight (num_labels, C), id2label, label2id and the task kind', () => {
      const task: TaskHeadInfo = { kind: 'entailment', labels: ['contradiction', 'entailment', 'neutral'] };
      const { flat, bytes } = encoded(task);
      const { tensors, metadata } = readSafetensors(bytes);
      expect(tensors.get('score.weight')!.shape).toEqual([3, 4]);
      expect([...tensors.keys()].filter((k) => !k.startsWith('transformer.'))).toEqual(['score.weight']); // LM head tied: no lm_head tensor
      expect(JSON.parse(metadata.config)).toMatchObject({
        architectures: ['GPT2ForSequenceClassification'], num_labels: 3, gpt_lab_task: 'entailment',
        id2label: { 0: 'contradiction', 1: 'entailment', 2: 'neutral' }, label2id: { contradiction: 0, entailment: 1, neutral: 2 },
      });
      expect(JSON.parse(metadata.tokenizer).special).toEqual([START, DELIM, EXTRACT]);
      const back = decodeCheckpoint(bytes);
      expect(back.architecture).toBe('GPT2ForSequenceClassification');
      expect(back.task).toEqual(task);
      expect(back.flat).toEqual(flat);
      expect(() => expectLanguageModel(back, 'nli.safetensors')).toThrow('nli.safetensors is a task model (GPT2ForSequenceClassification, entailment with 3 labels), but a language model (GPT2LMHeadModel) is expected here');
      expect(() => expectRewardModel(back, 'nli.safetensors')).toThrow('nli.safetensors is a task model (GPT2ForSequenceClassification, entailment with 3 labels), but a reward model');
    });

    it('multiple choice: GPT2DoubleHeadsModel with multiple_choice_head.summary.weight (1, C) and .bias (1)', () => {
      const task: TaskHeadInfo = { kind: 'multiple_choice', labels: [] };
      const { flat, bytes } = encoded(task);
      const { tensors, metadata } = readSafetensors(bytes);
      expect(tensors.get('multiple_choice_head.summary.weight')!.shape).toEqual([1, 4]);
      expect(tensors.get('multiple_choice_head.summary.bias')!.shape).toEqual([1]);
      expect(JSON.parse(metadata.config)).toMatchObject({ architectures: ['GPT2DoubleHeadsModel'], num_labels: 1, gpt_lab_task: 'multiple_choice' });
      const back = decodeCheckpoint(bytes);
      expect([back.architecture, back.task, back.flat]).toEqual(['GPT2DoubleHeadsModel', task, flat]);
      expect(() => expectRewardModel(back, 'mc.safetensors')).toThrow('mc.safetensors is a task model (GPT2DoubleHeadsModel, multiple choice), but a reward model');
    });

    it('a reward model is unchanged (num_labels 1, no task); configs that contradict themselves are refused', () => {
      const rmLayout = paramLayout(config, { heads: [REWARD_HEAD] });
      const rm = decodeCheckpoint(encodeCheckpoint(config, tokenizer, new Float32Array(rmLayout.total), { architecture: 'GPT2ForSequenceClassification' }));
      expect(rm.task).toBeUndefined();
      expect(JSON.parse(readSafetensors(encodeCheckpoint(config, tokenizer, rm.flat, { architecture: 'GPT2ForSequenceClassification' })).metadata.config)).toEqual({ n_layer: 1, n_head: 1, n_embd: 4, n_positions: 4, vocab_size: 5, architectures: ['GPT2ForSequenceClassification'], num_labels: 1 });
      const withConfig = (bytes: Uint8Array, edit: (c: Record<string, unknown>) => void) => {
        const { tensors, metadata } = readSafetensors(bytes);
        const c = JSON.parse(metadata.config);
        edit(c);
        return () => decodeCheckpoint(writeSafetensors([...tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data })), { ...metadata, config: JSON.stringify(c) }));
      };
      const cls = encoded({ kind: 'classification', labels: ['neg', 'pos'] }).bytes;
      expect(withConfig(cls, (c) => delete c.gpt_lab_task)).toThrow('checkpoint: config num_labels is 2 but there is no gpt_lab_task');
      expect(withConfig(cls, (c) => (c.gpt_lab_task = 'ranking'))).toThrow('checkpoint: config gpt_lab_task must be one of classification, entailment, similarity, multiple_choice, got "ranking"');
      expect(withConfig(cls, (c) => (c.id2label = { 0: 'neg' }))).toThrow('checkpoint: config id2label has no label for id 1 (num_labels is 2)');
      expect(withConfig(cls, (c) => (c.id2label = { 0: 'x', 1: 'x' }))).toThrow('checkpoint: label "x" appears twice');
      expect(withConfig(cls, (c) => (c.num_labels = 3))).toThrow('checkpoint: config id2label has no label for id 2');
      expect(withConfig(cls, (c) => (c.gpt_lab_task = 'multiple_choice'))).toThrow('checkpoint: config gpt_lab_task is multiple_choice, but a multiple-choice model is a GPT2DoubleHeadsModel');
      expect(withConfig(cls, (c) => (c.architectures = ['GPT2LMHeadModel']))).toThrow('checkpoint: config gpt_lab_task is classification but the architecture is GPT2LMHeadModel');
      expect(() => encodeCheckpoint(config, tokenizer, new Float32Array(1), { task: { kind: 'similarity', labels: ['only'] } })).toThrow('checkpoint: a similarity model needs 2 to 64 labels, got 1');
    });
  });
});
