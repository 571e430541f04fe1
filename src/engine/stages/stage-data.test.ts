// The stages' data plumbing on the CPU: seeded example order and resume skipping, the held-out split, vocabulary
// and context checks with their messages, SFT batches (masks and the L2 + λ·L1 weights), reward batches (whole
// groups packed, distinct head rows), and the bundled English and Chinese SFT data fitting the tiny context.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSftJsonl } from '../data/jsonl';
import { CharTokenizer } from '../data/tokenizer';
import { ExampleOrder, splitHeldOut } from './example-order';
import { encodeRankedRecords, packRewardBatch, takeGroups } from './reward-batch';
import { encodeSftRecords, sftBatch } from './sft-batch';
import { checkVocabulary, encodeWithEnd } from './stage-data';

const tok = CharTokenizer.fromText('abcdefgh .?\n');

describe('stage data', () => {
  it('visits every example once per epoch, the same way for the same seed, and skips exactly', () => {
    const a = new ExampleOrder(5, 7);
    const epoch = Array.from({ length: 5 }, () => a.next());
    expect([...epoch].sort()).toEqual([0, 1, 2, 3, 4]);
    const b = new ExampleOrder(5, 7);
    b.fastForward(3);
    expect([b.next(), b.next()]).toEqual(epoch.slice(3));
    expect(() => new ExampleOrder(0, 1)).toThrow('needs at least one example');
  });

  it('holds out the last records, at least one each side', () => {
    expect(splitHeldOut([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.2, 'x')).toEqual({ train: [1, 2, 3, 4, 5, 6, 7, 8], val: [9, 10] });
    expect(splitHeldOut([1, 2], 0.1, 'x')).toEqual({ train: [1], val: [2] });
    expect(() => splitHeldOut([1], 0.1, 'data.jsonl')).toThrow('data.jsonl: needs at least 2 records');
  });

  it('names every unknown character and the first record that has one', () => {
    expect(() => checkVocabulary(tok, ['abc', 'aXbY', 'Z'], 'd.jsonl')).toThrow('d.jsonl: 3 characters not in the model\'s vocabulary (12 characters): "X" (U+0058), "Y" (U+0059), "Z" (U+005A); first in record 2');
    expect(() => checkVocabulary(tok, ['abc'], 'd')).not.toThrow();
  });

  it('appends end of text and refuses a sequence longer than the context', () => {
    const { ids, promptLen } = encodeWithEnd(tok, 'ab', 'cd', 5, { file: 'r', record: 1 });
    expect(promptLen).toBe(2);
    expect(ids.at(-1)).toBe(tok.eot);
    expect(() => encodeWithEnd(tok, 'ab', 'cde', 5, { file: 'data.jsonl', record: 3 })).toThrow('data.jsonl: record 3 is 6 tokens (prompt 2 + response 3 + end of text), more than the 5');
  });

  it('SFT batches mask the prompt and weight L2 + λ·L1; padding rows count nothing', () => {
    const ex = encodeSftRecords(tok, [{ prompt: 'ab', completion: 'cd' }, { prompt: 'a', completion: 'bcdef' }], 6, 's');
    const b = sftBatch(ex, 3, 6, 0.5);
    // row 0: ids a b c d EOT (5) → targets b c d EOT at t=0..3; completion from t+1 >= 2 → t=1,2,3
    expect(Array.from(b.completion.subarray(0, 6))).toEqual([0, 1, 1, 1, 0, 0]);
    expect(Array.from(b.completion.subarray(6, 12))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(b.completion.subarray(12))).toEqual([0, 0, 0, 0, 0, 0]);
    const nComp = 9, nReal = 10;
    expect(b.weights[0]).toBeCloseTo(0.5 / nReal, 7); // prompt target: L1 only
    expect(b.weights[1]).toBeCloseTo(1 / nComp + 0.5 / nReal, 7);
    expect(b.weights[4]).toBe(0);
    const sum = b.weights.reduce((a, w) => a + w, 0);
    expect(sum).toBeCloseTo(1 + 0.5, 6); // Σ weights = 1 (L2 mean) + λ (L1 mean)
    expect(() => encodeSftRecords(tok, [{ prompt: 'abcdef', completion: 'gh' }], 6, 'long.jsonl')).toThrow('long.jsonl: record 1 is 9 tokens');
  });

  it('reward batches pack whole groups and read each end-of-text row; groups that do not fit wait', () => {
    const groups = encodeRankedRecords(tok, [{ prompt: 'a', ranked: ['b.', 'cc', ''] }, { prompt: 'ab', ranked: ['c', 'd'] }], 8, 5, 'r');
    const b = packRewardBatch(groups.slice(0, 1), 5, 8);
    expect(Array.from(b.rows)).toEqual([0 * 8 + 3, 1 * 8 + 3, 2 * 8 + 1, 3 * 8, 4 * 8]);
    expect(b.sizes).toEqual([3]);
    const pending: typeof groups = [];
    let i = 0;
    const next = () => groups[i++ % 2];
    expect(takeGroups(next, pending, 5).map((g) => g.prompt)).toEqual(['a', 'ab']);
    expect(takeGroups(next, pending, 5).map((g) => g.prompt)).toEqual(['a', 'ab']);
    expect(() => encodeRankedRecords(tok, [{ prompt: 'a', ranked: ['b', 'c', 'd'] }], 8, 2, 'big.jsonl')).toThrow('big.jsonl: record 1 ranks 3 responses, more than the 2 a batch of 2 sequences holds');
  });

  for (const [lang, corpus] of [['en', 'tinystories-en'], ['zh', 'stories-zh']]) {
    it(`the bundled ${lang} SFT data uses only the corpus's characters and fits the tiny context (T=32)`, () => {
      const text = readFileSync(`public/datasets/${corpus}.txt`, 'utf8');
      const records = parseSftJsonl(readFileSync(`public/datasets/sft-${lang}.jsonl`, 'utf8'), `sft-${lang}`);
      const examples = encodeSftRecords(CharTokenizer.fromText(text), records, 32, `sft-${lang}`);
      expect(examples.length).toBe(records.length);
    });
  }
});
