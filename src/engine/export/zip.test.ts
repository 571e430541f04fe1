// The lab's zip download: unzipped with fflate, it holds the exported folder's files byte for byte under one
// top-level folder; the weights survive deflate bit-exactly; a folder name that could escape is refused.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/gpt2-checkpoint';
import { DEFAULT_TRAIN } from '../config';
import { CharTokenizer } from '../data/tokenizer';
import { paramLayout } from '../model/params';
import { Rng } from '../rng';
import { buildRunFolder } from './run-folder';
import { zipFolder } from './zip';

describe('zipFolder', () => {
  const corpus = '小猫在家里玩。The cat plays at home.\n'.repeat(40);
  const tokenizer = CharTokenizer.fromText(corpus);
  const config = { nLayer: 1, nHead: 2, nEmbd: 8, blockSize: 16, vocabSize: tokenizer.size };
  const layout = paramLayout(config);
  const checkpoint = decodeCheckpoint(encodeCheckpoint(config, tokenizer, new Rng(9).normals(layout.total)));
  const n = layout.trainableEnd;
  const files = buildRunFolder({
    checkpoint,
    run: {
      description: { format: 1, stage: 'pretrain', step: 5, train: DEFAULT_TRAIN, stageSettings: {}, data: { kind: 'text', file: 'upload.txt' }, preset: 'tiny', source: 'lab' },
      data: corpus,
    },
    optimizer: { m: new Rng(1).normals(n), v: new Rng(2).normals(n).map(Math.abs) },
  });

  it('unzips to the same files under the folder name', () => {
    const unzipped = unzipSync(zipFolder('gpt-lab-pretrain-step5', files));
    expect(Object.keys(unzipped).sort()).toEqual([...files.keys()].map((p) => `gpt-lab-pretrain-step5/${p}`).sort());
    for (const [path, bytes] of files) expect(unzipped[`gpt-lab-pretrain-step5/${path}`], path).toEqual(bytes);
    expect(files.has('optimizer.safetensors')).toBe(true);
  });

  it('refuses a folder name with a path in it', () => {
    expect(() => zipFolder('../escape', files)).toThrow('zip: the folder name "../escape" must be letters, digits, "_", "-" or "." (not dots alone)');
    expect(() => zipFolder('a/b', files)).toThrow(/must be letters/);
    expect(() => zipFolder('..', files)).toThrow(/not dots alone/);
  });
});
