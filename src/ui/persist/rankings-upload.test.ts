// Rankings upload: good JSONL (ranked lists and chosen/rejected pairs, Chinese included) becomes records; wrong
// extension, too large, not UTF-8 and malformed lines are refused with a message naming the file (and line).
import { describe, expect, it } from 'vitest';
import { MAX_RANKINGS_BYTES, readRankingsFile } from './rankings-upload';
import type { UploadFile } from './upload';

function file(name: string, bytes: Uint8Array | string, size?: number): UploadFile {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return { name, size: size ?? data.length, arrayBuffer: async () => data.slice().buffer };
}

describe('readRankingsFile', () => {
  it('reads ranked lists and pairs', async () => {
    const text = '{"prompt":"Tell me about the cat.","ranked":["The cat sat.","cat cat","" ]}\n{"prompt":"小猫怎么样？","chosen":"小猫很开心。","rejected":"猫猫猫"}\n';
    await expect(readRankingsFile(file('mine.jsonl', text))).resolves.toEqual([
      { prompt: 'Tell me about the cat.', ranked: ['The cat sat.', 'cat cat', ''] },
      { prompt: '小猫怎么样？', ranked: ['小猫很开心。', '猫猫猫'] },
    ]);
  });

  it('refuses other file types and files over the limit', async () => {
    await expect(readRankingsFile(file('mine.txt', '{}'))).rejects.toThrow('"mine.txt" is not a .jsonl file');
    await expect(readRankingsFile(file('big.jsonl', '{}', MAX_RANKINGS_BYTES + 1))).rejects.toThrow('the limit is 20 MB');
  });

  it('refuses text that is not UTF-8', async () => {
    await expect(readRankingsFile(file('bin.jsonl', Uint8Array.of(0xff, 0xfe, 0x00)))).rejects.toThrow('not valid UTF-8');
  });

  it('passes on the parser\'s message with the file and line', async () => {
    await expect(readRankingsFile(file('bad.jsonl', '{"prompt":"a","ranked":["x","y"]}\n{"prompt":"b","ranked":["only one"]}'))).rejects.toThrow('bad.jsonl:2: needs at least 2 responses');
    await expect(readRankingsFile(file('bad.jsonl', 'not json'))).rejects.toThrow(/^bad\.jsonl:1: not valid JSON/);
  });
});
