// GPT-1's input transforms produce exactly the specified sequences (ids, special tokens in order), and the clear
// errors for unknown characters, sequences longer than the context and examples larger than a batch.
import { describe, expect, it } from 'vitest';
import { CharTokenizer, DELIM, EXTRACT, START } from '../data/tokenizer';
import { encodeTaskInputs, transformInput } from './transforms';

// ids: a 0, b 1, c 2, d 3, then <|start|> 4, <|delim|> 5, <|extract|> 6
const tok = CharTokenizer.fromVocab(['a', 'b', 'c', 'd'], [START, DELIM, EXTRACT]);
const S = 4, D = 5, E = 6;
const ids = (seqs: Uint32Array[]) => seqs.map((s) => Array.from(s));

describe('GPT-1 input transforms', () => {
  it('classification: start, text, extract', () => {
    expect(ids(transformInput(tok, { kind: 'classification', text: 'abd' }))).toEqual([[S, 0, 1, 3, E]]);
  });

  it('entailment: start, premise, delim, hypothesis, extract', () => {
    expect(ids(transformInput(tok, { kind: 'entailment', premise: 'ab', hypothesis: 'c' }))).toEqual([[S, 0, 1, D, 2, E]]);
  });

  it('similarity: both orders', () => {
    expect(ids(transformInput(tok, { kind: 'similarity', textA: 'a', textB: 'cd' }))).toEqual([[S, 0, D, 2, 3, E], [S, 2, 3, D, 0, E]]);
  });

  it('multiple choice: one sequence per choice, in order', () => {
    expect(ids(transformInput(tok, { kind: 'multiple_choice', context: 'ab', choices: ['c', 'dd', 'a'] }))).toEqual([[S, 0, 1, D, 2, E], [S, 0, 1, D, 3, 3, E], [S, 0, 1, D, 0, E]]);
  });

  it('the special ids follow the tokenizer (an older vocabulary grown by withSpecials)', () => {
    const grown = CharTokenizer.fromVocab(['x', 'y']).withSpecials([START, DELIM, EXTRACT]);
    expect(ids(transformInput(grown, { kind: 'entailment', premise: 'x', hypothesis: 'y' }))).toEqual([[2, 0, 3, 1, 4]]);
  });

  it('refuses unknown characters, too-long sequences and examples larger than a batch, naming the record', () => {
    expect(() => encodeTaskInputs(tok, [{ kind: 'classification', text: 'ab' }, { kind: 'classification', text: 'aé!' }], [0, 1], 8, 4, 'd.jsonl')).toThrow(
      'd.jsonl: 2 characters not in the model\'s vocabulary (4 characters): "é" (U+00E9), "!" (U+0021); first in record 2',
    );
    expect(() => encodeTaskInputs(tok, [{ kind: 'entailment', premise: 'abcd', hypothesis: 'abc' }], [0], 8, 4, 'd.jsonl')).toThrow(
      'd.jsonl: record 1 is 10 tokens with the start, delimiter and extract tokens, more than the 8 the model\'s context allows',
    );
    expect(() => encodeTaskInputs(tok, [{ kind: 'multiple_choice', context: 'a', choices: ['b', 'abcdabcd'] }], [0], 8, 4, 'mc')).toThrow('mc: record 1 (sequence 2 of 2, choice 1) is 12 tokens');
    expect(() => encodeTaskInputs(tok, [{ kind: 'multiple_choice', context: 'a', choices: ['a', 'b', 'c'] }], [1], 8, 2, 'mc')).toThrow('mc: record 1 makes 3 sequences, more than the 2 of a batch; raise the batch size to at least 3');
    expect(() => encodeTaskInputs(tok, [{ kind: 'multiple_choice', context: 'a', choices: ['a', 'b'] }], [2], 8, 4, 'mc')).toThrow('mc: record 1: label 2 is out of range for its 2 choices');
    const [ex] = encodeTaskInputs(tok, [{ kind: 'similarity', textA: 'a', textB: 'b' }], [1], 5, 2, 's');
    expect(ex.label).toBe(1);
    expect(ex.seqs).toHaveLength(2);
  });
});
