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
}

export type LabErrorCode = keyof LabErrorParams;

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
