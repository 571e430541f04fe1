// Upload checks: good text passes; wrong extension, too large (naming the limit), empty, binary and too-short
// files are refused with a message the page can show.
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES, readUpload, type UploadFile } from './upload';

function file(name: string, bytes: Uint8Array | string, size?: number): UploadFile {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return { name, size: size ?? data.length, arrayBuffer: async () => data.slice().buffer };
}

describe('readUpload', () => {
  it('returns the text of a long enough .txt file', async () => {
    const text = 'the cat sat on the mat. '.repeat(40);
    await expect(readUpload(file('cats.TXT', text), 32)).resolves.toBe(text);
  });

  it('refuses other file types', async () => {
    await expect(readUpload(file('model.safetensors', 'x'), 32)).rejects.toThrow('"model.safetensors" is not a .txt file');
  });

  it('refuses files over the limit, naming it', async () => {
    await expect(readUpload(file('big.txt', 'x', MAX_UPLOAD_BYTES + 1), 32)).rejects.toThrow('"big.txt" is 20.0 MB; the limit is 20 MB');
  });

  it('refuses empty and binary files', async () => {
    await expect(readUpload(file('empty.txt', ''), 32)).rejects.toThrow('Corpus "empty.txt" is empty');
    await expect(readUpload(file('image.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])), 32)).rejects.toThrow('looks like a binary file');
  });

  it('refuses text too short for the context, with splitCorpus\'s advice', async () => {
    await expect(readUpload(file('short.txt', 'hello world'), 32)).rejects.toThrow('Text too short for block size 32');
  });
});
