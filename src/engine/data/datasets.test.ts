// The dataset list comes from public/datasets/index.json; ids resolve to paths, unknown ids list the known ones.
// (scripts/make-datasets.test.ts checks the files themselves against the index.)
import { describe, expect, it } from 'vitest';
import { DATASETS, datasetInfo, datasetPath } from './datasets';

describe('datasets', () => {
  it('lists the bundled datasets', () => {
    expect(DATASETS.map((d) => d.id)).toEqual(['tinystories-en', 'stories-zh']);
    expect(datasetInfo('stories-zh').language).toBe('zh');
  });

  it('resolves an id to its path under the public root', () => {
    expect(datasetPath('tinystories-en')).toBe('datasets/tinystories-en.txt');
  });

  it('rejects an unknown id, listing the known ones', () => {
    expect(() => datasetPath('shakespeare')).toThrow('Unknown dataset "shakespeare"; known datasets: tinystories-en, stories-zh');
  });
});
