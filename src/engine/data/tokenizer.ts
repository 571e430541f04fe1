// Character-level tokenizer: one token per Unicode code point (so Chinese and emoji are single tokens, never
// split UTF-16 surrogate halves), plus reserved special tokens after the characters (end of text; GPT-1's start,
// delimiter and extract tokens for task heads). Special tokens are never produced by `encode` — text cannot inject
// them; code asks for their ids (`eot`, `specialId`). The vocabulary travels in checkpoints as `toJSON()`.
// Tested by tokenizer.test.ts.

/** End of text: a response ends with it, and sampling stops there (GPT-2's name for it). */
export const EOT = '<|endoftext|>';

/** GPT-1's task-input tokens (Radford et al. 2018, Figure 1): every fine-tuning sequence begins with START, two
 *  texts are separated by DELIM, and the task head reads the final hidden state at EXTRACT (the last token). */
export const START = '<|start|>';
export const DELIM = '<|delim|>';
export const EXTRACT = '<|extract|>';

/** Describes a code point for error messages: the character itself and its U+ number. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `${JSON.stringify(ch)} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** Special token names look like `<|name|>`. */
const SPECIAL_NAME = /^<\|[a-z_]+\|>$/;

/** At most this many distinct unknown characters are named in an error message. */
const NAMED_UNKNOWN = 12;

export class CharTokenizer {
  /** Token strings in id order: the characters, then the special tokens' names. */
  readonly vocab: readonly string[];
  /** Number of character tokens; ids >= chars are special tokens. */
  readonly chars: number;
  readonly specials: readonly string[];
  private readonly ids: Map<number, number>; // code point -> token id

  private constructor(chars: string[], specials: string[]) {
    if (chars.length === 0) throw new Error('CharTokenizer: the vocabulary is empty');
    this.ids = new Map();
    chars.forEach((tok, id) => {
      if (typeof tok !== 'string' || Array.from(tok).length !== 1) {
        throw new Error(`CharTokenizer: vocabulary entry ${id} must be exactly one character, got ${JSON.stringify(tok)}`);
      }
      const cp = tok.codePointAt(0)!;
      if (this.ids.has(cp)) throw new Error(`CharTokenizer: character ${describeChar(tok)} appears twice in the vocabulary`);
      this.ids.set(cp, id);
    });
    const seen = new Set<string>();
    specials.forEach((name, i) => {
      if (typeof name !== 'string' || !SPECIAL_NAME.test(name)) throw new Error(`CharTokenizer: special token ${i} must look like <|name|>, got ${JSON.stringify(name)}`);
      if (seen.has(name)) throw new Error(`CharTokenizer: special token ${name} appears twice`);
      seen.add(name);
    });
    this.chars = chars.length;
    this.specials = Object.freeze([...specials]);
    this.vocab = Object.freeze([...chars, ...specials]);
  }

  /** Vocabulary = the unique code points of `text`, sorted by code point (so the same text gives the same ids),
   *  then the special tokens (by default end of text, so every stage after pretraining can use it). */
  static fromText(text: string, specials: readonly string[] = [EOT]): CharTokenizer {
    const cps = [...new Set(Array.from(text, (ch) => ch.codePointAt(0)!))].sort((a, b) => a - b);
    return new CharTokenizer(cps.map((cp) => String.fromCodePoint(cp)), [...specials]);
  }

  /** Characters in id order and special token names, as stored by `toJSON()`. */
  static fromVocab(chars: string[], specials: readonly string[] = []): CharTokenizer {
    return new CharTokenizer(chars, [...specials]);
  }

  /** V, the vocabulary size (characters and special tokens). */
  get size(): number {
    return this.vocab.length;
  }

  /** This tokenizer plus the special tokens it lacks (appended, so every existing id keeps its meaning). */
  withSpecials(names: readonly string[]): CharTokenizer {
    const missing = names.filter((n) => !this.specials.includes(n));
    if (missing.length === 0) return this;
    return new CharTokenizer(this.vocab.slice(0, this.chars), [...this.specials, ...missing]);
  }

  hasSpecial(name: string): boolean {
    return this.specials.includes(name);
  }

  /** The id of special token `name`; throws if this vocabulary has none. */
  specialId(name: string): number {
    const i = this.specials.indexOf(name);
    if (i < 0) throw new Error(`CharTokenizer: the vocabulary has no ${name} token (a checkpoint made before it existed?)`);
    return this.chars + i;
  }

  /** The end-of-text id. */
  get eot(): number {
    return this.specialId(EOT);
  }

  isSpecial(id: number): boolean {
    return id >= this.chars && id < this.size;
  }

  /** The distinct characters of `text` that the vocabulary lacks, in order of first appearance. */
  unknownChars(text: string): string[] {
    const seen = new Set<string>();
    for (const ch of text) if (!this.ids.has(ch.codePointAt(0)!)) seen.add(ch);
    return [...seen];
  }

  encode(text: string): Uint32Array {
    const out = new Uint32Array(text.length); // UTF-16 length >= code point count
    let n = 0;
    for (const ch of text) {
      const id = this.ids.get(ch.codePointAt(0)!);
      if (id === undefined) throw this.unknownError(text, ch, n);
      out[n++] = id;
    }
    return out.slice(0, n);
  }

  /** Token strings joined; special tokens appear as their names (use `decodeUntil` to stop at end of text). */
  decode(ids: ArrayLike<number>): string {
    const parts = new Array<string>(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const tok = this.vocab[ids[i]];
      if (tok === undefined) throw new Error(`CharTokenizer: token id ${ids[i]} at position ${i} is outside the vocabulary [0, ${this.size})`);
      parts[i] = tok;
    }
    return parts.join('');
  }

  toJSON(): { type: 'char'; vocab: string[]; special: string[] } {
    return { type: 'char', vocab: this.vocab.slice(0, this.chars), special: [...this.specials] };
  }

  private unknownError(text: string, first: string, position: number): Error {
    const unknown = this.unknownChars(text);
    const named = unknown.slice(0, NAMED_UNKNOWN).map(describeChar).join(', ');
    const more = unknown.length > NAMED_UNKNOWN ? ` and ${unknown.length - NAMED_UNKNOWN} more` : '';
    return new Error(
      `CharTokenizer: ${unknown.length} character${unknown.length === 1 ? '' : 's'} not in the vocabulary ` +
        `(${this.chars} characters): ${named}${more}; the first, ${describeChar(first)}, is at position ${position}`,
    );
  }
}
