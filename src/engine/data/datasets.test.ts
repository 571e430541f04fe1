// The dataset list comes from public/datasets/index.json; ids resolve to paths, unknown ids list the known ones;
// only "text" corpora are offered for pretraining; the lessons' files carry their lesson and kind.
// (scripts/make-datasets.test.ts checks the files themselves.)
import { describe, expect, it } from 'vitest';
import { DATASETS, datasetInfo, datasetPath, textDatasets } from './datasets';

const STORIES = ['tinystories-en', 'stories-zh', 'sft-en', 'sft-zh', 'prompts-en', 'prompts-zh'];

describe('datasets', () => {
  it('lists the bundled datasets, the stories first', () => {
    expect(DATASETS.slice(0, STORIES.length).map((d) => d.id)).toEqual(STORIES);
    expect(datasetInfo('stories-zh').language).toBe('zh');
    expect(datasetInfo('sft-zh')).toMatchObject({ kind: 'sft', corpus: 'stories-zh', records: 1500 });
  });

  it('lists the lessons\' files with their lesson, kind and corpus', () => {
    expect(datasetInfo('lesson-zero-shot-tasks-en')).toMatchObject({ kind: 'tasks', corpus: 'lesson-zero-shot-en', lesson: 'zero-shot' });
    expect(datasetInfo('lesson-gpt1-entailment-zh')).toMatchObject({ kind: 'task-heads', corpus: 'stories-zh', lesson: 'gpt1-heads' });
    const lessons = new Set(DATASETS.flatMap((d) => (d.lesson ? [d.lesson] : [])));
    expect([...lessons]).toEqual(['zero-shot', 'in-context', 'chain-of-thought', 'gpt1-heads']);
  });

  it('offers only the text corpora for pretraining', () => {
    expect(textDatasets().map((d) => d.id)).toEqual(DATASETS.filter((d) => (d.kind ?? 'text') === 'text').map((d) => d.id));
    expect(textDatasets().map((d) => d.id)).toContain('lesson-cot-steps-zh');
    expect(textDatasets().map((d) => d.id)).not.toContain('lesson-cot-steps-tasks-zh');
  });

  it('resolves an id to its path under the public root', () => {
    expect(datasetPath('tinystories-en')).toBe('datasets/tinystories-en.txt');
    expect(datasetPath('prompts-en')).toBe('datasets/prompts-en.jsonl');
    expect(datasetPath('lesson-in-context-tasks-zh')).toBe('datasets/lesson-in-context-tasks-zh.jsonl');
  });

  it('rejects an unknown id, listing the known ones', () => {
    expect(() => datasetPath('shakespeare')).toThrow(`Unknown dataset "shakespeare"; known datasets: ${DATASETS.map((d) => d.id).join(', ')}`);
  });
});
