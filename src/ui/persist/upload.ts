// Checks a text file the visitor picks or drops before it replaces the training data: a .txt name, at most
// MAX_UPLOAD_BYTES, real UTF-8 text (decodeCorpus), and long enough for the context (splitCorpus). Each failure
// throws the message the page shows. Tested by upload.test.ts.

import { decodeCorpus, splitCorpus } from '../../engine/data/corpus';

export const MAX_UPLOAD_BYTES = 20 * 2 ** 20;

/** The parts of a File this needs (a File satisfies it). */
export interface UploadFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The file's text, or throws why it cannot be used with context length `blockSize`. */
export async function readUpload(file: UploadFile, blockSize: number): Promise<string> {
  if (!/\.txt$/i.test(file.name)) throw new Error(`"${file.name}" is not a .txt file: only plain text files can be used as training text.`);
  if (file.size > MAX_UPLOAD_BYTES) {
    throw new Error(`"${file.name}" is ${(file.size / 2 ** 20).toFixed(1)} MB; the limit is ${MAX_UPLOAD_BYTES / 2 ** 20} MB. Use a shorter excerpt.`);
  }
  const text = decodeCorpus(new Uint8Array(await file.arrayBuffer()), file.name);
  splitCorpus(text, blockSize);
  return text;
}
