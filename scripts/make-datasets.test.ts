// make-datasets.mjs is deterministic: regenerating into a temp dir gives byte-identical files to the committed
// ones in public/datasets. Also checks that index.json describes the files truly and that they load as corpora.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCorpus, splitCorpus } from '../src/engine/data/corpus';
import { makeDatasets } from './make-datasets.mjs';

const committed = join(import.meta.dirname, '../public/datasets');

describe('make-datasets', () => {
  const out = mkdtempSync(join(tmpdir(), 'datasets-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const index = makeDatasets(out);

  it('regenerates the committed files byte for byte', () => {
    expect(readdirSync(out).sort()).toEqual(['index.json', ...index.map((d) => d.file)].sort());
    for (const name of readdirSync(out)) expect(readFileSync(join(out, name)).equals(readFileSync(join(committed, name))), name).toBe(true);
  });

  it('writes what index.json says, within the intended sizes', () => {
    for (const d of index) {
      const text = decodeCorpus(new Uint8Array(readFileSync(join(out, d.file))), d.file);
      const chars = Array.from(text);
      expect({ bytes: Buffer.byteLength(text), chars: chars.length, vocab: new Set(chars).size }).toEqual({
        bytes: d.bytes,
        chars: d.chars,
        vocab: d.vocab,
      });
      expect(d.bytes).toBeGreaterThan(300_000);
      expect(d.bytes).toBeLessThan(500_000);
      expect(d.vocab).toBeLessThan(300);
      expect(text).toMatch(/\S\n\n\S/); // stories separated by blank lines
      const { train, val } = splitCorpus(text, 256);
      expect(train.length + val.length).toBe(d.chars);
    }
  });
});
