// How a token is shown on axes, points and tooltips: whitespace and control characters made visible
// ("␣", "↵", "⇥"), and a coarse character class used to colour the embedding map. Tested by token-label.test.ts.

const VISIBLE: Record<string, string> = { ' ': '␣', '\n': '↵', '\r': '␍', '\t': '⇥', '\u00a0': '⍽' };

/** A token as a visible label: whitespace becomes a symbol, other control characters their U+ code. */
export function tokenLabel(tok: string): string {
  if (tok in VISIBLE) return VISIBLE[tok];
  if (tok === '') return '∅';
  const cp = tok.codePointAt(0)!;
  if (tok.length <= 2 && (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return tok;
}

/** A token quoted for running text, e.g. 'a' or '␣'. */
export function quoteToken(tok: string): string {
  return `'${tokenLabel(tok)}'`;
}

export const TOKEN_CLASSES = ['vowel', 'consonant', 'uppercase', 'digit', 'punctuation', 'whitespace', 'other'] as const;
export type TokenClass = (typeof TOKEN_CLASSES)[number];

/** Coarse class of a character token, so students can see which kinds of characters cluster together. */
export function tokenClass(tok: string): TokenClass {
  if (/^\s$/u.test(tok)) return 'whitespace';
  if (/^[aeiou]$/.test(tok)) return 'vowel';
  if (/^[a-z]$/.test(tok)) return 'consonant';
  if (/^\p{Lu}$/u.test(tok)) return 'uppercase';
  if (/^\p{Nd}$/u.test(tok)) return 'digit';
  if (/^[\p{P}\p{S}]$/u.test(tok)) return 'punctuation';
  return 'other';
}
