// Task files: items grouped by task (default: named after the file), headers anywhere in the file, the default
// template, choice and exact tasks; and each refusal with its file:line message (empty file, header-only task,
// target not among the choices, {input} missing or repeated, mixed modes, unknown fields, bad JSON).
import { describe, expect, it } from 'vitest';
import { defaultTaskName, parseTaskFile } from './task-file';

const lines = (...objs: unknown[]) => objs.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join('\n');

describe('parseTaskFile', () => {
  it('groups items by task, applies headers wherever they stand, and defaults to the file name and "{input}"', () => {
    const set = parseTaskFile(
      lines(
        { input: '1+1=', target: '2' },
        { task: 'cap', input: 'paris', target: 'Paris', choices: ['Paris', 'paris'] },
        '',
        { task: 'cap', description: 'Capitalise.', template: 'in: {input} out:' },
        { input: '2+2=', target: ' 4 ' },
      ),
      'data/arith.jsonl',
    );
    expect(set.source).toBe('data/arith.jsonl');
    expect(set.tasks.map((t) => t.name)).toEqual(['arith', 'cap']);
    const [arith, cap] = set.tasks;
    expect(arith).toEqual({ name: 'arith', template: '{input}', mode: 'exact', items: [
      { input: '1+1=', target: '2', at: 'data/arith.jsonl:1' },
      { input: '2+2=', target: ' 4 ', at: 'data/arith.jsonl:5' },
    ] });
    expect(cap).toMatchObject({ name: 'cap', description: 'Capitalise.', template: 'in: {input} out:', mode: 'choice', headerAt: 'data/arith.jsonl:4' });
    expect(cap.items[0]).toEqual({ input: 'paris', target: 'Paris', choices: ['Paris', 'paris'], at: 'data/arith.jsonl:2' });
  });

  it('names the default task after the file', () => {
    expect(defaultTaskName('/a/b/qa.jsonl')).toBe('qa');
    expect(defaultTaskName('C:\\x\\y.JSON')).toBe('y');
    expect(defaultTaskName('stdin')).toBe('stdin');
  });

  it('accepts a BOM, CRLF line ends and blank lines', () => {
    const set = parseTaskFile(`\ufeff${JSON.stringify({ input: 'a', target: 'b' })}\r\n\r\n${JSON.stringify({ input: 'c', target: 'd' })}\r\n`, 't.jsonl');
    expect(set.tasks[0].items.map((i) => i.at)).toEqual(['t.jsonl:1', 't.jsonl:3']);
  });

  const refusals: Array<[string, string, RegExp]> = [
    ['empty file', '\n  \n', /^t\.jsonl: no items \(the file is empty\)$/],
    ['only headers', lines({ task: 'x', template: 'Q {input}' }), /^t\.jsonl: no items, only task headers/],
    ['a header-only task', lines({ task: 'x', description: 'd' }, { input: 'a', target: 'b' }), /^t\.jsonl:1: task "x" has a header but no items; add items with "task": "x" or remove the header$/],
    ['target not among the choices', lines({ input: 'a', target: 'c', choices: ['a', 'b'] }), /^t\.jsonl:1: target "c" is not among the choices \["a","b"\]/],
    ['{input} missing', lines({ input: 'a', target: 'b' }, { task: 't', template: 'Q: A:' }), /^t\.jsonl:2: template "Q: A:" has no \{input\}/],
    ['{input} repeated', lines({ task: 't', template: '{input} {input}' }), /^t\.jsonl:1: template "\{input\} \{input\}" has \{input\} 2 times; it must appear exactly once$/],
    ['one choice', lines({ input: 'a', target: 'b', choices: ['b'] }), /^t\.jsonl:1: needs at least 2 choices, got 1$/],
    ['repeated choices', lines({ input: 'a', target: 'b', choices: ['b', 'c', 'b'] }), /^t\.jsonl:1: "choices"\[2\] repeats "choices"\[0\]/],
    ['empty choice', lines({ input: 'a', target: 'b', choices: ['b', ''] }), /^t\.jsonl:1: "choices"\[1\] is empty/],
    ['choices not a list', lines({ input: 'a', target: 'b', choices: 'b' }), /^t\.jsonl:1: field "choices" must be an array of strings, got a string$/],
    ['mixed modes', lines({ input: 'a', target: 'b' }, { input: 'c', target: 'd', choices: ['d', 'e'] }), /^t\.jsonl: task "t" mixes items with choices \(t\.jsonl:2\) and without \(t\.jsonl:1\)/],
    ['empty target', lines({ input: 'a', target: '  ' }), /^t\.jsonl:1: empty target \(only whitespace\)$/],
    ['missing target', lines({ input: 'a' }), /^t\.jsonl:1: missing field "target"$/],
    ['empty input', lines({ input: '', target: 'b' }), /^t\.jsonl:1: empty input$/],
    ['unknown field', lines({ input: 'a', target: 'b', choice: ['b', 'c'] }), /^t\.jsonl:1: unknown field "choice" in an item \(its fields: input, target, choices, task\)$/],
    ['target without input', lines({ task: 'x', target: 'b' }), /^t\.jsonl:1: an item needs "input"/],
    ['neither input nor task', lines({ description: 'd' }), /^t\.jsonl:1: missing field "input" \(an item\) or "task" \(a task header\)$/],
    ['two headers', lines({ task: 'x' }, { input: 'a', target: 'b', task: 'x' }, { task: 'x', template: '{input}' }), /^t\.jsonl:3: a second header for task "x" \(the first is at t\.jsonl:1\)/],
    ['bad JSON', lines({ input: 'a', target: 'b' }, '{"input": "a", target}'), /^t\.jsonl:2: not valid JSON/],
    ['not an object', lines('[1, 2]'), /^t\.jsonl:1: expected a JSON object like \{"input": \.\.\., "target": \.\.\.\}, got an array$/],
  ];
  for (const [what, text, message] of refusals) {
    it(`refuses ${what}`, () => {
      expect(() => parseTaskFile(text, 't.jsonl')).toThrow(message);
    });
  }
});
