// The fine-tuning stage end to end on a tiny random language model: a classifier learns a rule (held-out loss falls,
// accuracy rises), the step loss is L3 = L2 + λ·L1 from its parts, λ = 0 trains without an LM head, a
// multiple-choice model trains and predicts, checkpoints round-trip as task models, and the clear refusals.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { decodeCheckpoint, encodeCheckpoint, REWARD_HEAD } from '../checkpoint/gpt2-checkpoint';
import { DEFAULT_TRAIN, type ModelConfig } from '../config';
import { CharTokenizer, EOT } from '../data/tokenizer';
import { initParams, paramLayout } from '../model/params';
import { Rng } from '../rng';
import type { TaskRecord } from '../tasks/task-records';
import type { StepMetrics } from '../train/optimizer-loop';
import { TaskHeadTrainer } from './task-heads';

const cfg: ModelConfig = { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 12, vocabSize: 4 };
const tokenizer = CharTokenizer.fromVocab(['a', 'b', 'c'], [EOT]);
const rng = new Rng(3);
const lm = decodeCheckpoint(encodeCheckpoint(cfg, tokenizer, initParams(paramLayout(cfg), cfg, () => rng.normal())));
const word = (r: Rng, n: number) => Array.from({ length: n }, () => 'abc'[r.int(3)]).join('');

/** A text of 1 to 4 copies of one character, labelled by it: three balanced classes a random trunk can separate. */
function classification(n: number, seed: number): TaskRecord[] {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => {
    const ch = 'abc'[r.int(3)];
    return { kind: 'classification', text: ch.repeat(1 + r.int(4)), label: `all-${ch}` };
  });
}

describe('TaskHeadTrainer', () => {
  it('classification: learns the rule; loss = task + λ·LM; held-out figures; the checkpoint round-trips', async () => {
    const ctx = await testCtx();
    const train = { ...DEFAULT_TRAIN, steps: 20, lr: 1e-2, batchSize: 8, warmupSteps: 2, seed: 1 };
    const ft = new TaskHeadTrainer(ctx, { init: lm, records: classification(60, 5), source: 'rule', train, lambda: 0.5, valFraction: 0.25 });
    expect(ft.task).toEqual({ kind: 'classification', labels: ['all-a', 'all-b', 'all-c'] });
    expect(ft.tokenizer.specials).toEqual([EOT, '<|start|>', '<|delim|>', '<|extract|>']);
    expect([ft.trainExamples.length, ft.valExamples.length, ft.chance]).toEqual([45, 15, 1 / 3]);
    const before = await ft.evaluate();
    const steps: Array<StepMetrics & { parts: { taskLoss: number; lmLoss: number } }> = [];
    ft.onStep = (m) => steps.push({ ...m, parts: { ...ft.stepFigures } });
    for (let i = 0; i < train.steps; i++) await ft.step();
    await ft.flush();
    const after = await ft.evaluate();
    expect(steps).toHaveLength(train.steps);
    for (const s of steps) {
      expect(s.loss).toBeCloseTo(s.parts.taskLoss + 0.5 * s.parts.lmLoss, 5);
      expect(Number.isFinite(s.parts.lmLoss) && s.accuracy >= 0 && s.accuracy <= 1).toBe(true);
    }
    console.log(`task-heads: held-out loss ${before.loss.toFixed(4)} → ${after.loss.toFixed(4)}, accuracy ${before.accuracy} → ${after.accuracy}; LM loss ${steps[0].parts.lmLoss.toFixed(3)} → ${steps.at(-1)!.parts.lmLoss.toFixed(3)}`);
    expect(after.n).toBe(15);
    expect(after.predictions).toHaveLength(15);
    expect(after.loss).toBeLessThan(before.loss * 0.7);
    expect(after.accuracy).toBeGreaterThanOrEqual(0.8);
    const [p] = await ft.predict([{ kind: 'classification', text: 'aaa' }, { kind: 'classification', text: 'cc' }]);
    expect(p.label).toBe(-1);
    expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);

    const params = await ft.model.readParams();
    const back = decodeCheckpoint(ft.encode(params));
    expect(back.architecture).toBe('GPT2ForSequenceClassification');
    expect(back.task).toEqual(ft.task);
    expect(back.layout.specs.find((s) => s.name === REWARD_HEAD.name + '.weight')!.shape).toEqual([3, 16]);
    expect(() => new TaskHeadTrainer(ctx, { init: back, records: classification(4, 1), source: 'again', train, lambda: 0.5 })).toThrow(
      'the starting checkpoint is a task model (GPT2ForSequenceClassification, classification with 3 labels), but a language model (GPT2LMHeadModel) is expected here',
    );
    ft.destroy();
  });

  it('λ = 0 trains without an LM head; multiple choice trains, predicts and saves as GPT2DoubleHeadsModel', async () => {
    const ctx = await testCtx();
    const train = { ...DEFAULT_TRAIN, steps: 3, lr: 1e-3, batchSize: 6, warmupSteps: 0, seed: 2 };
    const plain = new TaskHeadTrainer(ctx, { init: lm, records: classification(10, 7), source: 'rule', train, lambda: 0 });
    expect(plain.model.lm).toBeNull();
    const losses: number[] = [];
    plain.onStep = (m) => losses.push(m.loss);
    for (let i = 0; i < 3; i++) await plain.step();
    await plain.flush();
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(Number.isNaN(plain.stepFigures.lmLoss)).toBe(true);
    plain.destroy();

    const r = new Rng(9);
    const records: TaskRecord[] = Array.from({ length: 8 }, (_, i) => ({ kind: 'multiple_choice', context: word(r, 2), choices: Array.from({ length: 2 + (i % 2) }, () => word(r, 2)), label: i % 2 }));
    const mc = new TaskHeadTrainer(ctx, { init: lm, records, source: 'mc', train, lambda: 0.5, valFraction: 0.25 });
    expect([mc.K, mc.head.name, mc.chance]).toEqual([1, 'multiple_choice_head.summary', (1 / 2 + 1 / 3) / 2]);
    for (let i = 0; i < 3; i++) await mc.step();
    const ev = await mc.evaluate();
    expect(ev.predictions.map((p) => p.probs.length)).toEqual([2, 3]);
    const back = decodeCheckpoint(mc.encode(await mc.model.readParams()));
    expect([back.architecture, back.task]).toEqual(['GPT2DoubleHeadsModel', { kind: 'multiple_choice', labels: [] }]);
    await expect(mc.predict([{ kind: 'classification', text: 'a' }])).rejects.toThrow('predict: classification inputs given to a multiple_choice model');
    mc.destroy();

    expect(() => new TaskHeadTrainer(ctx, { init: lm, records, source: 'mc', train: { ...train, batchSize: 2 }, lambda: 0.5 })).toThrow('mc: record 2 makes 3 sequences, more than the 2 of a batch; raise the batch size to at least 3');
    expect(() => new TaskHeadTrainer(ctx, { init: lm, records: [{ kind: 'classification', text: 'abcabcabcabc', label: 'x' }, { kind: 'classification', text: 'a', label: 'y' }], source: 'long', train, lambda: 0.5 })).toThrow(
      'long: record 1 is 14 tokens with the start, delimiter and extract tokens, more than the 12 the model\'s context allows',
    );
    expect(() => new TaskHeadTrainer(ctx, { init: lm, records, source: 'mc', train, lambda: -1 })).toThrow('finetune: lambda must be a number >= 0 (got -1)');
  });
});
