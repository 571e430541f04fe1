// Errors a person is expected to read and act on (a model too large for the GPU, a file that is not text, a run
// that diverged, a lost device), with a stable `code` and the `params` the message was built from. The message
// stays English (the CLI prints it); the page words the code and params in its reader's language from its
// message catalogues (src/ui/i18n, key `errors.<code>`). Tested by errors.test.ts.

/** Every code, with the params its message needs. Add a code here and an `errors.<code>` key to both catalogues. */
export interface LabErrorParams {
  /** A buffer larger than the adapter allows in one binding or one buffer. */
  'buffer-too-large': { buffer: string; needMiB: number; limitMiB: number; limit: string; shape: string };
  /** Every model of a stage together needs more than the memory budget. */
  'memory-budget': { needMiB: number; budgetMiB: number; parts: string };
  /** A model or training setting outside what the engine supports. */
  'config-invalid': { field: string; value: string; rule: string };
  /** Heads do not split the width into whole head sizes of at most 128. */
  'heads-split': { width: number; heads: number };
  /** A text with no characters. */
  'text-empty': { name: string };
  /** A file that is binary (NUL bytes, many control characters) or not UTF-8 / UTF-16. */
  'text-binary': { name: string };
  /** A text too short for one training and one validation window of the context length. */
  'text-too-short': { chars: number; blockSize: number; minChars: number };
  /** The loss became NaN or infinite. */
  'training-diverged': { step: number; value: string };
  /** The GPU device went away (driver reset, out of memory, tab in the background too long). */
  'device-lost': { reason: string };
  // JSON Lines data (src/engine/data/jsonl.ts): `file` and the 1-based `line`; `got` is a JSON type name.
  'jsonl-line-too-long': { file: string; line: number; chars: number; limit: number };
  'jsonl-too-many-records': { file: string; line: number; limit: number };
  /** `reason` is the JSON parser's own words (English). */
  'jsonl-not-json': { file: string; line: number; reason: string };
  'jsonl-not-object': { file: string; line: number; like: string; got: string };
  'jsonl-empty': { file: string };
  'field-missing': { file: string; line: number; field: string };
  'field-not-string': { file: string; line: number; field: string; got: string };
  'field-empty': { file: string; line: number; field: string };
  'ranked-and-pair': { file: string; line: number };
  'ranked-missing': { file: string; line: number };
  'ranked-not-array': { file: string; line: number; got: string };
  'ranked-item-not-string': { file: string; line: number; index: number; got: string };
  'ranked-too-few': { file: string; line: number; count: number };
  /** A ranking with more responses than one batch (or the engine's limit, `limit`) holds. */
  'ranked-too-many': { file: string; record: number; count: number; limit: number; batch: number };
  /** A prompt that leaves no room for a response in the context (`most`: the longest that fits). */
  'prompt-too-long': { file: string; chars: number; context: number; most: number };
  /** A data file with too few records to hold one out for validation. */
  'records-too-few': { file: string; count: number };
  /** Records with characters the model's vocabulary lacks; `chars` lists them (quoted, with code points). */
  'vocab-unknown': { file: string; count: number; chars: string; vocabSize: number; record: number };
  /** An SFT record (prompt + completion + end of text) longer than the context. */
  'example-too-long': { file: string; record: number; tokens: number; prompt: number; answer: number; limit: number };
  /** A ranked response (prompt + response + end of text) longer than the context. */
  'response-too-long': { file: string; record: number; response: number; tokens: number; prompt: number; answer: number; limit: number };
  /** A checkpoint file that cannot be read; `detail` is the decoder's own words (English: tensor and field names). */
  'checkpoint-invalid': { name: string; detail: string };
}

export type LabErrorCode = keyof LabErrorParams;

/** Every code once (the compiler checks the list is complete): the catalogue test asks each for a message. */
const CODE_SET: Record<LabErrorCode, true> = {
  'buffer-too-large': true,
  'memory-budget': true,
  'config-invalid': true,
  'heads-split': true,
  'text-empty': true,
  'text-binary': true,
  'text-too-short': true,
  'training-diverged': true,
  'device-lost': true,
  'jsonl-line-too-long': true,
  'jsonl-too-many-records': true,
  'jsonl-not-json': true,
  'jsonl-not-object': true,
  'jsonl-empty': true,
  'field-missing': true,
  'field-not-string': true,
  'field-empty': true,
  'ranked-and-pair': true,
  'ranked-missing': true,
  'ranked-not-array': true,
  'ranked-item-not-string': true,
  'ranked-too-few': true,
  'ranked-too-many': true,
  'prompt-too-long': true,
  'records-too-few': true,
  'vocab-unknown': true,
  'example-too-long': true,
  'response-too-long': true,
  'checkpoint-invalid': true,
};
export const LAB_ERROR_CODES = Object.keys(CODE_SET) as LabErrorCode[];

export class LabError<C extends LabErrorCode = LabErrorCode> extends Error {
  constructor(readonly code: C, readonly params: LabErrorParams[C], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LabError';
  }
}

/** The code and params of an error that carries them (a LabError, or one that crossed a worker boundary as a plain
 *  object with the same fields), else null. */
export function labErrorInfo(e: unknown): { code: LabErrorCode; params: Record<string, string | number> } | null {
  if (typeof e !== 'object' || e === null) return null;
  const { code, params } = e as { code?: unknown; params?: unknown };
  if (typeof code !== 'string' || typeof params !== 'object' || params === null) return null;
  return { code: code as LabErrorCode, params: params as Record<string, string | number> };
}
