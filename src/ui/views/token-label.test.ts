// Token labels make whitespace visible and leave ordinary characters alone; classes group characters.
import { describe, expect, it } from 'vitest';
import { quoteToken, tokenClass, tokenLabel } from './token-label';

describe('tokenLabel', () => {
  it('shows whitespace as symbols', () => {
    expect(tokenLabel(' ')).toBe('␣');
    expect(tokenLabel('\n')).toBe('↵');
    expect(tokenLabel('\t')).toBe('⇥');
  });
  it('shows other control characters by code point', () => {
    expect(tokenLabel('\u0007')).toBe('U+0007');
    expect(tokenLabel('\u0085')).toBe('U+0085');
  });
  it('keeps letters, CJK and emoji as they are', () => {
    for (const t of ['a', 'Z', '.', '猫', '🐈']) expect(tokenLabel(t)).toBe(t);
  });
  it('quotes for running text', () => {
    expect(quoteToken(' ')).toBe("'␣'");
  });
});

describe('tokenClass', () => {
  it('classifies characters', () => {
    expect(['a', 'b', 'A', '7', ',', ' ', '\n', '猫'].map(tokenClass)).toEqual(['vowel', 'consonant', 'uppercase', 'digit', 'punctuation', 'whitespace', 'whitespace', 'other']);
  });
});
