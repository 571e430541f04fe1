// Importing a checkpoint file: a GPT Lab checkpoint gives its model size, vocabulary and a step-0 start with
// zero moments; a bad file gives a message naming it; the vocabulary check accepts only covered text.
import { describe, expect, it } from 'vitest';
import { encodeCheckpoint } from '../../engine/checkpoint/gpt2-checkpoint';
import { labErrorInfo } from '../../engine/errors';
import { CharTokenizer, EOT } from '../../engine/data/tokenizer';
import { paramLayout } from '../../engine/model/params';
import { readCheckpointFile, vocabCovers } from './checkpoint-file';

describe('checkpoint files', () => {
  it('reads the model size, vocabulary and weights of a checkpoint', () => {
    const tokenizer = CharTokenizer.fromText('abc ');
    const config = { nLayer: 1, nHead: 2, nEmbd: 8, blockSize: 4, vocabSize: tokenizer.size };
    const n = paramLayout(config).total;
    const bytes = encodeCheckpoint(config, tokenizer, new Float32Array(n).fill(0.5));
    const imported = readCheckpointFile('mine.safetensors', bytes);
    expect(imported.model).toEqual({ nLayer: 1, nHead: 2, nEmbd: 8, blockSize: 4 });
    expect(imported.vocab).toEqual([' ', 'a', 'b', 'c', EOT]); // the end-of-text token ends SFT answers
    expect(imported.state).toMatchObject({ stage: 'pretrain', step: 0 });
    expect(imported.state.checkpoint).toBe(bytes);
    expect(imported.state.m).toEqual(new Float32Array(n));
    expect(imported.state.v).toHaveLength(n);
  });

  it('names the file and the problem for a bad file', () => {
    expect(() => readCheckpointFile('notes.safetensors', new TextEncoder().encode('hello'))).toThrow(/^Could not import "notes.safetensors": /);
    try {
      readCheckpointFile('notes.safetensors', new TextEncoder().encode('hello'));
    } catch (e) {
      expect(labErrorInfo(e)).toMatchObject({ code: 'checkpoint-invalid', params: { name: 'notes.safetensors' } });
    }
  });

  it('checks that a text uses only the vocabulary', () => {
    expect(vocabCovers(['a', 'b', ' '], 'ab ba')).toBe(true);
    expect(vocabCovers(['a', 'b'], 'abc')).toBe(false);
  });
});
