// A text corpus: raw bytes checked and decoded as UTF-8, then tokenized and split into train / validation.
// Tested by corpus.test.ts.

import { LabError } from '../errors';
import { CharTokenizer, describeChar } from './tokenizer';

/** Above this share of control characters (other than tab, newline, carriage return, form feed) the input is
 *  treated as binary: real text has essentially none, while binary files that happen to be valid UTF-8 have many. */
const MAX_CONTROL_SHARE = 0.01;

function isControl(cp: number): boolean {
  const textual = cp === 0x09 || cp === 0x0a || cp === 0x0c || cp === 0x0d;
  return !textual && (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f));
}

/** Validates raw bytes as a text corpus and decodes them (a leading UTF-8 byte order mark is dropped).
 *  Rejects empty input and binary data (NUL bytes, invalid UTF-8, or many control characters). */
/**
 * 'utf-16le' / 'utf-16be' when the bytes are UTF-16 text (Windows editors save it so): a byte-order mark, or, without
 * one, an even length with NUL in at least 90 % of the odd (LE) or even (BE) bytes, as ASCII-heavy UTF-16 has.
 */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const n = Math.min(bytes.length, 1 << 16);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= 0.9 * pairs && evenNul === 0) return 'utf-16le';
  if (evenNul >= 0.9 * pairs && oddNul === 0) return 'utf-16be';
  return null;
}

export function decodeCorpus(bytes: Uint8Array, name: string): string {
  if (bytes.length === 0) throw new LabError('text-empty', { name }, `Corpus "${name}" is empty`);
  const utf16 = utf16Encoding(bytes);
  let text: string;
  if (utf16) {
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      throw new LabError('text-binary', { name }, `Corpus "${name}" looks like UTF-16 text but does not decode as ${utf16.toUpperCase()}: re-save it as UTF-8`);
    }
  } else {
    const nul = bytes.indexOf(0);
    if (nul >= 0) throw new LabError('text-binary', { name }, `Corpus "${name}" contains a NUL byte at offset ${nul}: it looks like a binary file, not text`);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new LabError('text-binary', { name }, `Corpus "${name}" is not valid UTF-8 text (binary data, or a different encoding: re-save it as UTF-8)`);
    }
  }
  let chars = 0;
  let controls = 0;
  let firstControl = '';
  for (const ch of text) {
    chars++;
    if (isControl(ch.codePointAt(0)!)) {
      if (controls++ === 0) firstControl = ch;
    }
  }
  if (chars === 0) throw new LabError('text-empty', { name }, `Corpus "${name}" is empty`);
  if (controls > MAX_CONTROL_SHARE * chars) {
    throw new LabError(
      'text-binary',
      { name },
      `Corpus "${name}" has ${controls} control characters in ${chars} (first: ${describeChar(firstControl)}): ` +
        'it looks like a binary file, not text',
    );
  }
  return text;
}

export interface Corpus {
  tokenizer: CharTokenizer;
  train: Uint32Array; // (N_train,) token ids
  val: Uint32Array; // (N_val,) token ids
}

/** Fewest tokens for which both splits hold blockSize+1 tokens: the validation split has ceil(N/10) tokens,
 *  which reaches blockSize+1 at N = 10*blockSize+1, where the training split already has 9*blockSize >= blockSize+1. */
function minTokens(blockSize: number): number {
  return 10 * blockSize + 1;
}

/** Tokens [0, index) are training data and [index, n) validation: the first 90 % and the last 10 %. */
export function trainSplitIndex(n: number): number {
  return Math.floor((n * 9) / 10);
}

/**
 * Tokenizes `text` (with `tokenizer`, or one built from the text) and splits it: train = the first 90 % of the
 * tokens, val = the last 10 %. Each split owns its buffer, so either can be transferred to a worker.
 * Throws if either split is shorter than blockSize+1 tokens (one input window plus its shifted target).
 */
export function splitCorpus(text: string, blockSize: number, tokenizer: CharTokenizer = CharTokenizer.fromText(text)): Corpus {
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new Error(`splitCorpus: blockSize must be a positive integer, got ${blockSize}`);
  const tokens = tokenizer.encode(text);
  const nTrain = trainSplitIndex(tokens.length);
  const train = tokens.slice(0, nTrain);
  const val = tokens.slice(nTrain);
  if (train.length < blockSize + 1 || val.length < blockSize + 1) {
    throw new LabError(
      'text-too-short',
      { chars: tokens.length, blockSize, minChars: minTokens(blockSize) },
      `Text too short for block size ${blockSize}: its ${tokens.length} characters give ${train.length} training and ` +
        `${val.length} validation tokens, but each split needs at least ${blockSize + 1}. ` +
        `Provide at least ${minTokens(blockSize)} characters, or lower the block size.`,
    );
  }
  return { tokenizer, train, val };
}
