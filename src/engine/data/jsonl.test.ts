// The JSONL parsers: valid files of each kind, every error with its file:line prefix, BOM/CRLF, TRL pairs, the
// limits, and a seeded mutation test (a damaged file gives records of the right types or a prefixed Error).
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { MAX_LINE_CHARS, MAX_RECORDS, parsePromptsJsonl, parseRankedJsonl, parseSftJsonl } from './jsonl';

const lines = (...xs: unknown[]) => xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n');

describe('parseSftJsonl', () => {
  it('reads prompt/completion records, ignoring blank lines and extra keys', () => {
    const text = lines({ prompt: 'Tell of a cat:\n', completion: 'The cat was happy.' }, '', '  ', { prompt: '说小猫:\n', completion: '小猫很开心。', id: 7 }, '', '');
    expect(parseSftJsonl(text, 'sft.jsonl')).toEqual([
      { prompt: 'Tell of a cat:\n', completion: 'The cat was happy.' },
      { prompt: '说小猫:\n', completion: '小猫很开心。' },
    ]);
  });

  it('tolerates a UTF-8 BOM and CRLF line ends', () => {
    const text = '\ufeff' + lines({ prompt: 'a', completion: 'b' }, { prompt: 'c', completion: 'd' }).replace(/\n/g, '\r\n') + '\r\n';
    expect(parseSftJsonl(text, 's')).toEqual([
      { prompt: 'a', completion: 'b' },
      { prompt: 'c', completion: 'd' },
    ]);
  });

  it.each([
    ['{"prompt": "a", "completion": }', 'f:2: not valid JSON (Unexpected token'],
    ['{"prompt": "a"', 'f:2: not valid JSON ('],
    ['[1, 2]', 'f:2: expected a JSON object like {"prompt": ...}, got an array'],
    ['"text"', 'f:2: expected a JSON object like {"prompt": ...}, got a string'],
    ['null', 'f:2: expected a JSON object like {"prompt": ...}, got null'],
    ['{"completion": "b"}', 'f:2: missing field "prompt"'],
    ['{"prompt": "a"}', 'f:2: missing field "completion"'],
    ['{"prompt": 3, "completion": "b"}', 'f:2: field "prompt" must be a string, got a number'],
    ['{"prompt": "a", "completion": ["b"]}', 'f:2: field "completion" must be a string, got an array'],
    ['{"prompt": "", "completion": "b"}', 'f:2: empty prompt'],
    ['{"prompt": " \\n", "completion": "b"}', 'f:2: empty prompt (only whitespace)'],
    ['{"prompt": "a", "completion": ""}', 'f:2: empty completion'],
  ])('rejects %s with its line number', (bad, message) => {
    const text = lines({ prompt: 'ok', completion: 'fine.' }, bad, { prompt: 'ok', completion: 'fine.' });
    expect(() => parseSftJsonl(text, 'f')).toThrow(message);
  });

  it('keeps the JSON reason short even for a long line', () => {
    const err = (() => {
      try {
        parseSftJsonl(`{"prompt": ${'x'.repeat(5000)}}`, 'f');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/^f:1: not valid JSON \(/);
    expect(err!.message.length).toBeLessThan(200);
  });

  it('counts lines from 1 in the file, blank lines and BOM included', () => {
    expect(() => parseSftJsonl('\ufeff\n\n{"prompt": "a"}\n', 'f')).toThrow(/^f:3: missing field "completion"$/);
  });

  it('rejects a file without records', () => {
    for (const empty of ['', '\n\n', '\ufeff', ' \r\n\t\n']) expect(() => parseSftJsonl(empty, 'x.jsonl')).toThrow(/^x\.jsonl: no records \(the file is empty\)$/);
  });

  it('enforces the line and record limits, naming them', () => {
    const long = JSON.stringify({ prompt: 'a', completion: 'b'.repeat(MAX_LINE_CHARS) });
    expect(() => parseSftJsonl(long, 'f')).toThrow(/^f:1: line is 1,000,0\d\d characters long; the limit is 1,000,000$/);
    const many = '{"prompt":"a","completion":"b"}\n'.repeat(MAX_RECORDS + 1);
    expect(() => parseSftJsonl(many, 'f')).toThrow(`f:${MAX_RECORDS + 1}: more than 200,000 records (the limit)`);
    expect(parseSftJsonl(many.slice(0, -32), 'f')).toHaveLength(MAX_RECORDS);
  });
});

describe('parseRankedJsonl', () => {
  it('reads ranked lists and converts TRL pairs to [chosen, rejected]', () => {
    const text = lines(
      { prompt: 'p1', ranked: ['best', 'mid', ''] },
      { prompt: 'p2', chosen: 'good', rejected: '' },
      { prompt: 'p3', ranked: ['a', 'b'], note: 'extra keys are fine' },
    );
    expect(parseRankedJsonl(text, 'r')).toEqual([
      { prompt: 'p1', ranked: ['best', 'mid', ''] },
      { prompt: 'p2', ranked: ['good', ''] },
      { prompt: 'p3', ranked: ['a', 'b'] },
    ]);
  });

  it.each([
    ['{"prompt": "p", "ranked": ["a"]}', 'r:2: needs at least 2 responses (K >= 2), got 1'],
    ['{"prompt": "p", "ranked": []}', 'r:2: needs at least 2 responses (K >= 2), got 0'],
    ['{"prompt": "p", "ranked": "a"}', 'r:2: field "ranked" must be an array of strings (best first), got a string'],
    ['{"prompt": "p", "ranked": ["a", 2]}', 'r:2: "ranked"[1] must be a string, got a number'],
    ['{"prompt": "p"}', 'r:2: missing field "ranked" (or the pair "chosen" and "rejected")'],
    ['{"prompt": "p", "chosen": "a"}', 'r:2: missing field "rejected"'],
    ['{"prompt": "p", "rejected": "a"}', 'r:2: missing field "chosen"'],
    ['{"prompt": "p", "chosen": null, "rejected": "b"}', 'r:2: field "chosen" must be a string, got null'],
    ['{"prompt": "p", "ranked": ["a", "b"], "chosen": "a", "rejected": "b"}', 'r:2: has both "ranked" and "chosen"/"rejected"'],
    ['{"prompt": "", "ranked": ["a", "b"]}', 'r:2: empty prompt'],
    ['{"ranked": ["a", "b"]}', 'r:2: missing field "prompt"'],
    ['{"prompt": "p", "ranked": ["a", "b"]', 'r:2: not valid JSON'],
  ])('rejects %s with its line number', (bad, message) => {
    const text = lines({ prompt: 'ok', ranked: ['a', 'b'] }, bad);
    expect(() => parseRankedJsonl(text, 'r')).toThrow(message);
  });
});

describe('parsePromptsJsonl', () => {
  it('reads prompts, CRLF and BOM tolerated', () => {
    expect(parsePromptsJsonl('\ufeff{"prompt":"Who is Tom?\\n"}\r\n\r\n{"prompt":"小猫:"}\r\n', 'p')).toEqual([{ prompt: 'Who is Tom?\n' }, { prompt: '小猫:' }]);
  });

  it.each([
    ['{}', 'p:1: missing field "prompt"'],
    ['{"prompt": ""}', 'p:1: empty prompt'],
    ['{"prompt": false}', 'p:1: field "prompt" must be a string, got a boolean'],
    ['7', 'p:1: expected a JSON object like {"prompt": ...}, got a number'],
  ])('rejects %s', (bad, message) => {
    expect(() => parsePromptsJsonl(bad, 'p')).toThrow(message);
  });
});

/** One random edit: delete, insert or replace a character, or truncate. Inserted characters favour JSON syntax. */
function mutate(text: string, rng: Rng): string {
  const alphabet = '{}[]":,\\\n\r nul0-9ae\ufeff小';
  const at = rng.int(text.length + 1);
  const ch = alphabet[rng.int(alphabet.length)];
  switch (rng.int(4)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + ch + text.slice(at);
    case 2:
      return text.slice(0, at) + ch + text.slice(at + 1);
    default:
      return text.slice(0, at);
  }
}

describe('mutated files', () => {
  const isStr = (x: unknown) => typeof x === 'string';
  const kinds = [
    {
      parse: parseSftJsonl,
      text: lines({ prompt: 'Tell of a cat:\n', completion: 'The cat was happy.' }, { prompt: '说小猫:\n', completion: '小猫很开心。' }, { prompt: 'Who?', completion: 'Tom.' }),
      valid: (r: Record<string, unknown>) => isStr(r.prompt) && isStr(r.completion) && r.prompt !== '' && r.completion !== '',
    },
    {
      parse: parseRankedJsonl,
      text: lines({ prompt: 'p', ranked: ['a', 'b', ''] }, { prompt: 'q', chosen: 'x', rejected: 'y' }),
      valid: (r: Record<string, unknown>) => isStr(r.prompt) && Array.isArray(r.ranked) && r.ranked.length >= 2 && r.ranked.every(isStr),
    },
    {
      parse: parsePromptsJsonl,
      text: lines({ prompt: 'Where is Tom?\n' }, { prompt: '小红喜欢什么?\n' }),
      valid: (r: Record<string, unknown>) => isStr(r.prompt) && r.prompt !== '',
    },
  ];

  it('either parse into well-typed records or throw an Error prefixed with the source', () => {
    const rng = new Rng(20240601);
    let parsed = 0;
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const kind = kinds[i % kinds.length];
      let text = kind.text;
      for (let k = 1 + rng.int(3); k > 0; k--) text = mutate(text, rng);
      let records: unknown[];
      try {
        records = kind.parse(text, 'mut.jsonl');
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(/^mut\.jsonl:(\d+:)? /);
        rejected++;
        continue;
      }
      parsed++;
      expect(records.length).toBeGreaterThan(0);
      for (const r of records) expect(kind.valid(r as Record<string, unknown>), JSON.stringify(text)).toBe(true);
    }
    // Both outcomes occur, so the test exercises both paths.
    expect(parsed).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});
