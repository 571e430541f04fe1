// Character-level tokenizer: one token per Unicode code point (so Chinese and emoji are single tokens, never
// split UTF-16 surrogate halves). The vocabulary travels in checkpoints as `toJSON()`. Tested by tokenizer.test.ts.

/** Describes a code point for error messages: the character itself and its U+ number. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `${JSON.stringify(ch)} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;
}

export class CharTokenizer {
  readonly vocab: readonly string[];
  private readonly ids: Map<number, number>; // code point -> token id

  private constructor(vocab: string[]) {
    if (vocab.length === 0) throw new Error('CharTokenizer: the vocabulary is empty');
    this.ids = new Map();
    vocab.forEach((tok, id) => {
      if (typeof tok !== 'string' || Array.from(tok).length !== 1) {
        throw new Error(`CharTokenizer: vocabulary entry ${id} must be exactly one character, got ${JSON.stringify(tok)}`);
      }
      const cp = tok.codePointAt(0)!;
      if (this.ids.has(cp)) throw new Error(`CharTokenizer: character ${describeChar(tok)} appears twice in the vocabulary`);
      this.ids.set(cp, id);
    });
    this.vocab = Object.freeze([...vocab]);
  }

  /** Vocabulary = the unique code points of `text`, sorted by code point (so the same text gives the same ids). */
  static fromText(text: string): CharTokenizer {
    const cps = [...new Set(Array.from(text, (ch) => ch.codePointAt(0)!))].sort((a, b) => a - b);
    return new CharTokenizer(cps.map((cp) => String.fromCodePoint(cp)));
  }

  /** Tokens in id order, as stored by `toJSON()`. */
  static fromVocab(vocab: string[]): CharTokenizer {
    return new CharTokenizer(vocab);
  }

  /** V, the vocabulary size. */
  get size(): number {
    return this.vocab.length;
  }

  encode(text: string): Uint32Array {
    const out = new Uint32Array(text.length); // UTF-16 length >= code point count
    let n = 0;
    for (const ch of text) {
      const id = this.ids.get(ch.codePointAt(0)!);
      if (id === undefined) {
        throw new Error(
          `CharTokenizer: unknown character ${describeChar(ch)} at position ${n} ` +
            `(not among the ${this.size} characters of the vocabulary)`,
        );
      }
      out[n++] = id;
    }
    return out.slice(0, n);
  }

  decode(ids: ArrayLike<number>): string {
    const parts = new Array<string>(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const tok = this.vocab[ids[i]];
      if (tok === undefined) throw new Error(`CharTokenizer: token id ${ids[i]} at position ${i} is outside the vocabulary [0, ${this.size})`);
      parts[i] = tok;
    }
    return parts.join('');
  }

  toJSON(): { type: 'char'; vocab: string[] } {
    return { type: 'char', vocab: [...this.vocab] };
  }
}
