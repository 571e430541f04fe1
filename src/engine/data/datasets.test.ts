// The dataset list comes from public/datasets/index.json; ids resolve to paths, unknown ids list the known ones;
// only "text" corpora are offered for pretraining. (scripts/make-datasets.test.ts checks the files themselves.)
import { describe, expect, it } from 'vitest';
import { DATASETS, datasetInfo, datasetPath, textDatasets } from './datasets';

const ALL = ['tinystories-en', 'stories-zh', 'sft-en', 'sft-zh', 'prompts-en', 'prompts-zh'];

describe('datasets', () => {
  it('lists the bundled datasets', () => {
    expect(DATASETS.map((d) => d.id)).toEqual(ALL);
    expect(datasetInfo('stories-zh').language).toBe('zh');
    expect(datasetInfo('sft-zh')).toMatchObject({ kind: 'sft', corpus: 'stories-zh', records: 1500 });
  });

  it('offers only the text corpora for pretraining', () => {
    expect(textDatasets().map((d) => d.id)).toEqual(['tinystories-en', 'stories-zh']);
  });

  it('resolves an id to its path under the public root', () => {
    expect(datasetPath('tinystories-en')).toBe('datasets/tinystories-en.txt');
    expect(datasetPath('prompts-en')).toBe('datasets/prompts-en.jsonl');
  });

  it('rejects an unknown id, listing the known ones', () => {
    expect(() => datasetPath('shakespeare')).toThrow(`Unknown dataset "shakespeare"; known datasets: ${ALL.join(', ')}`);
  });
});
