// Task JSONL: each kind parsed from its keys, labels sorted, and the refusals (unknown kind, mixed kinds, a label
// index out of range, bad fields) naming file:line.
import { describe, expect, it } from 'vitest';
import { parseTaskJsonl, taskKindOf, taskLabels } from './task-records';

const lines = (...objs: unknown[]) => objs.map((o) => JSON.stringify(o)).join('\n');

describe('task records', () => {
  it('infers each kind from the keys', () => {
    expect(parseTaskJsonl(lines({ text: 'a', label: 'pos' }, { text: 'b', label: 1 }), 'f')).toEqual([
      { kind: 'classification', text: 'a', label: 'pos' },
      { kind: 'classification', text: 'b', label: '1' },
    ]);
    expect(parseTaskJsonl(lines({ premise: 'p', hypothesis: 'h', label: 'entailment' }), 'f')).toEqual([{ kind: 'entailment', premise: 'p', hypothesis: 'h', label: 'entailment' }]);
    expect(parseTaskJsonl(lines({ text_a: 'x', text_b: 'y', label: 'same' }), 'f')).toEqual([{ kind: 'similarity', textA: 'x', textB: 'y', label: 'same' }]);
    expect(parseTaskJsonl(`\uFEFF${lines({ context: 'c', choices: ['a', 'b', 'c'], label: 2 })}\r\n\n`, 'f')).toEqual([{ kind: 'multiple_choice', context: 'c', choices: ['a', 'b', 'c'], label: 2 }]);
  });

  it('labels are the sorted distinct labels of the whole file; multiple choice has none', () => {
    const r = parseTaskJsonl(lines({ text: 'a', label: 'pos' }, { text: 'b', label: 'neg' }, { text: 'c', label: 'pos' }, { text: 'd', label: 'mixed' }), 'f');
    expect(taskLabels(r, 'f')).toEqual(['mixed', 'neg', 'pos']);
    expect(taskLabels(parseTaskJsonl(lines({ context: 'c', choices: ['a', 'b'], label: 0 }), 'f'), 'f')).toEqual([]);
    expect(() => taskLabels(parseTaskJsonl(lines({ text: 'a', label: 'x' }, { text: 'b', label: 'x' }), 'f'), 'f')).toThrow('f: every record has the label "x"; a classifier needs at least 2 distinct labels');
    expect(() => taskKindOf([{ kind: 'classification', text: 'a' }, { kind: 'entailment', premise: 'a', hypothesis: 'b' }], 'api')).toThrow('api: record 2 is entailment, but record 1 is classification');
  });

  it('refuses bad files, naming file:line', () => {
    const err = (text: string) => () => parseTaskJsonl(text, 't.jsonl');
    expect(err(lines({ text: 'a', label: 'x' }, { question: 'q', answer: 'a' }))).toThrow('t.jsonl:2: unknown task kind: keys "question", "answer" match no format; give one of classification {"text", "label"}; entailment');
    expect(err(lines({ text: 'a', label: 'x' }, { premise: 'p', hypothesis: 'h', label: 'x' }))).toThrow('t.jsonl:2: a entailment record, but line 1 is classification: all records of a file must be of one kind');
    expect(err(lines({ context: 'c', choices: ['a', 'b'], label: 2 }))).toThrow('t.jsonl:1: label 2 is out of range: the record has 2 choices (indices 0 to 1)');
    expect(err(lines({ context: 'c', choices: ['a', 'b'], label: 'a' }))).toThrow('t.jsonl:1: field "label" must be the 0-based index of the right choice, got a string');
    expect(err(lines({ context: 'c', choices: ['a'], label: 0 }))).toThrow('t.jsonl:1: needs 2 to 64 choices, got 1');
    expect(err(lines({ text_a: 'x', label: 'y' }))).toThrow('t.jsonl:1: missing field "text_b"');
    expect(err(lines({ text: 'x', label: 'y', extra: 1 }))).toThrow('t.jsonl:1: field "extra" does not belong to a classification record');
    expect(err(lines({ text: '  ', label: 'y' }))).toThrow('t.jsonl:1: empty text');
    expect(err(lines({ text: 'a' }))).toThrow('t.jsonl:1: missing field "label"');
    expect(err('{"text": "a", label}')).toThrow(/^t.jsonl:1: not valid JSON/);
    expect(err('\n\n')).toThrow('t.jsonl: no records (the file is empty)');
  });
});
