// decodeCorpus (UTF-8 and UTF-16 text vs binary) and splitCorpus (90/10 sizes, the too-short error and its character count).
import { describe, expect, it } from 'vitest';
import { decodeCorpus, splitCorpus } from './corpus';
import { CharTokenizer } from './tokenizer';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeCorpus', () => {
  it('decodes UTF-8 text, dropping a byte order mark', () => {
    expect(decodeCorpus(utf8('hello\n世界 🐱\r\n\tend'), 'ok.txt')).toBe('hello\n世界 🐱\r\n\tend');
    expect(decodeCorpus(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]), 'bom.txt')).toBe('hi');
  });

  it('decodes UTF-16 text (little- and big-endian, with or without a byte order mark) rather than calling it binary', () => {
    const text = 'Once upon a time, 世界.\n';
    const le = new Uint8Array(Array.from(text).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));
    const be = new Uint8Array(Array.from(text).flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]));
    expect(decodeCorpus(new Uint8Array([0xff, 0xfe, ...le]), 'le-bom.txt')).toBe(text);
    expect(decodeCorpus(new Uint8Array([0xfe, 0xff, ...be]), 'be-bom.txt')).toBe(text);
    expect(decodeCorpus(le, 'le.txt')).toBe(text);
    expect(decodeCorpus(be, 'be.txt')).toBe(text);
    // A lone surrogate is not text: named as UTF-16 that does not decode.
    expect(() => decodeCorpus(new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]), 'bad16.txt')).toThrow('looks like UTF-16 text but does not decode as UTF-16LE');
  });

  it('rejects empty input', () => {
    expect(() => decodeCorpus(new Uint8Array(0), 'empty.txt')).toThrow('Corpus "empty.txt" is empty');
    expect(() => decodeCorpus(new Uint8Array([0xef, 0xbb, 0xbf]), 'bom-only.txt')).toThrow('is empty');
  });

  it('rejects NUL bytes, naming the offset', () => {
    expect(() => decodeCorpus(new Uint8Array([0x61, 0x62, 0x00, 0x63]), 'a.bin')).toThrow('NUL byte at offset 2');
  });

  it('rejects invalid UTF-8', () => {
    expect(() => decodeCorpus(new Uint8Array([0x68, 0xff, 0xfe, 0x69]), 'latin.txt')).toThrow('not valid UTF-8');
    expect(() => decodeCorpus(utf8('世界').subarray(0, 4), 'cut.txt')).toThrow('not valid UTF-8');
  });

  it('rejects a high share of control characters, accepts a few', () => {
    const few = 'x'.repeat(200) + '\x1b';
    expect(decodeCorpus(utf8(few), 'few.txt')).toBe(few);
    expect(() => decodeCorpus(utf8('ab\x01\x02cd'.repeat(20)), 'ctl.bin')).toThrow('40 control characters in 120 (first: "\\u0001" (U+0001))');
  });
});

describe('splitCorpus', () => {
  it('puts the first 90 % of the tokens in train and the last 10 % in val', () => {
    const text = 'abcdefghij'.repeat(10) + 'xyz'; // 103 tokens -> 92 + 11
    const { tokenizer, train, val } = splitCorpus(text, 8);
    expect(train.length).toBe(92);
    expect(val.length).toBe(11);
    expect(tokenizer.decode(train) + tokenizer.decode(val)).toBe(text);
    expect(train.buffer).not.toBe(val.buffer);
  });

  it('uses the given tokenizer', () => {
    const tokenizer = CharTokenizer.fromVocab(['b', 'a', 'z']);
    const corpus = splitCorpus('ab'.repeat(20), 2, tokenizer);
    expect(corpus.tokenizer).toBe(tokenizer);
    expect([...corpus.train.subarray(0, 2)]).toEqual([1, 0]);
    expect(() => splitCorpus('abc'.repeat(20), 2, CharTokenizer.fromText('ab'))).toThrow('1 character not in the vocabulary (2 characters): "c" (U+0063)');
  });

  it('accepts exactly 10*blockSize+1 characters and rejects one fewer, saying how many are needed', () => {
    const B = 16;
    const ok = splitCorpus('a'.repeat(10 * B + 1), B);
    expect(ok.val.length).toBe(B + 1);
    expect(ok.train.length).toBeGreaterThanOrEqual(B + 1);
    expect(() => splitCorpus('a'.repeat(10 * B), B)).toThrow(
      'Text too short for block size 16: its 160 characters give 144 training and 16 validation tokens, but each split ' +
        'needs at least 17. Provide at least 161 characters',
    );
  });

  it('counts characters as code points', () => {
    expect(splitCorpus('小红🐱'.repeat(4), 1).train.length).toBe(10);
  });

  it('rejects a non-positive block size', () => {
    expect(() => splitCorpus('abc', 0)).toThrow('blockSize must be a positive integer');
  });
});
