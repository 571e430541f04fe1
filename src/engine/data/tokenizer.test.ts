// CharTokenizer: round trips over English, Chinese and emoji (astral code points), deterministic vocabulary,
// the checkpoint JSON shape, and the errors for unknown characters, unknown ids and bad vocabularies.
import { describe, expect, it } from 'vitest';
import { CharTokenizer, EOT } from './tokenizer';

describe('CharTokenizer', () => {
  const samples = {
    english: 'Once upon a time, there was a little girl named Lily.\n',
    chinese: '从前,有一个小女孩,名叫小红。“你好!”',
    emoji: 'cats 🐱🐱 and dogs 🐶, family 👨‍👩‍👧',
  };

  for (const [lang, text] of Object.entries(samples)) {
    it(`round-trips ${lang}`, () => {
      const tok = CharTokenizer.fromText(text);
      const ids = tok.encode(text);
      expect(ids.length).toBe(Array.from(text).length);
      expect(tok.decode(ids)).toBe(text);
      expect(Math.max(...ids)).toBe(tok.chars - 1);
      expect(tok.size).toBe(tok.chars + 1); // end of text is reserved after the characters
    });
  }

  it('gives one token per code point, never a surrogate half', () => {
    const tok = CharTokenizer.fromText('a🐱b');
    expect(tok.vocab).toEqual(['a', 'b', '🐱', EOT]);
    expect([...tok.encode('🐱a')]).toEqual([2, 0]);
  });

  it('sorts the vocabulary by code point, whatever the text order', () => {
    const a = CharTokenizer.fromText('zebra 小红 🐱');
    const b = CharTokenizer.fromText('🐱 红小 arbez');
    expect(a.vocab).toEqual(b.vocab);
    expect(a.vocab).toEqual([' ', 'a', 'b', 'e', 'r', 'z', '小', '红', '🐱', EOT]);
  });

  it('serializes as { type: "char", vocab, special } and rebuilds from it', () => {
    const tok = CharTokenizer.fromText('hello 世界');
    const json = JSON.parse(JSON.stringify(tok));
    expect(json).toEqual({ type: 'char', vocab: [' ', 'e', 'h', 'l', 'o', '世', '界'], special: [EOT] });
    const back = CharTokenizer.fromVocab(json.vocab, json.special);
    expect([...back.encode('hello 世界')]).toEqual([...tok.encode('hello 世界')]);
    expect(back.eot).toBe(7);
  });

  it('reserves special tokens after the characters, never produced by encode', () => {
    const tok = CharTokenizer.fromText('ab<|>');
    expect(tok.eot).toBe(tok.chars);
    expect(tok.isSpecial(tok.eot)).toBe(true);
    expect([...tok.encode('<|endoftext|>'.slice(0, 2))]).toEqual([0, 4]); // plain characters, not the special token
    expect(tok.decode([2, tok.eot])).toBe(`a${EOT}`);
    const more = tok.withSpecials([EOT, '<|start|>']);
    expect(more.size).toBe(tok.size + 1);
    expect(more.specialId('<|start|>')).toBe(tok.size);
    expect(more.eot).toBe(tok.eot); // existing ids keep their meaning
    expect(() => CharTokenizer.fromVocab(['a']).eot).toThrow('has no <|endoftext|> token');
    expect(() => CharTokenizer.fromVocab(['a'], ['eot'])).toThrow('must look like <|name|>');
  });

  it('keeps the id order given to fromVocab', () => {
    const tok = CharTokenizer.fromVocab(['b', 'a']);
    expect([...tok.encode('ab')]).toEqual([1, 0]);
    expect(tok.size).toBe(2);
  });

  it('names every unknown character (up to a dozen) and the first one\'s position', () => {
    const tok = CharTokenizer.fromText('abc');
    expect(() => tok.encode('ab🐱xx')).toThrow('2 characters not in the vocabulary (3 characters): "🐱" (U+1F431), "x" (U+0078); the first, "🐱" (U+1F431), is at position 2');
    expect(tok.unknownChars('zazy')).toEqual(['z', 'y']);
  });

  it('rejects ids outside the vocabulary', () => {
    expect(() => CharTokenizer.fromText('ab').decode([0, 3])).toThrow('token id 3 at position 1 is outside the vocabulary [0, 3)');
  });

  it('rejects empty, duplicate and multi-character vocabularies', () => {
    expect(() => CharTokenizer.fromText('')).toThrow('vocabulary is empty');
    expect(() => CharTokenizer.fromVocab(['a', 'a'])).toThrow('"a" (U+0061) appears twice');
    expect(() => CharTokenizer.fromVocab(['a', 'ab'])).toThrow('entry 1 must be exactly one character');
  });
});
