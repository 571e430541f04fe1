// Checks a text file the visitor picks or drops before it replaces the training data: a .txt name, at most
// MAX_UPLOAD_BYTES, real UTF-8 text (decodeCorpus), and long enough for the context (splitCorpus). Each failure
// throws the message the page shows (a SayError or the engine's LabError, worded in the page's language).
// Tested by upload.test.ts.

import { decodeCorpus, splitCorpus } from '../../engine/data/corpus';
import { msg, SayError } from '../i18n/i18n';

export const MAX_UPLOAD_BYTES = 20 * 2 ** 20;

/** The parts of a File this needs (a File satisfies it). */
export interface UploadFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The file's text, or throws why it cannot be used with context length `blockSize`. */
export async function readUpload(file: UploadFile, blockSize: number): Promise<string> {
  if (!/\.txt$/i.test(file.name)) throw new SayError(msg('upload.notTxt', { name: file.name }));
  if (file.size > MAX_UPLOAD_BYTES) {
    throw new SayError(msg('upload.tooBig', { name: file.name, mb: (file.size / 2 ** 20).toFixed(1), limit: MAX_UPLOAD_BYTES / 2 ** 20 }));
  }
  const text = decodeCorpus(new Uint8Array(await file.arrayBuffer()), file.name);
  splitCorpus(text, blockSize);
  return text;
}
