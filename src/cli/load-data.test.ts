// Corpus files for the Node entry points: a file over the size limit is refused with a message naming the file
// and the limit before it is read (a sparse file over the real limit costs no disk and no reading), and bundled
// datasets are found from the project root, not the working folder.
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadText, MAX_CORPUS_BYTES, projectRoot, readCorpus } from './load-data';

const dir = mkdtempSync(join(tmpdir(), 'gpt-lab-load-data-'));

describe('readCorpus', () => {
  it('reads a file within the limit', () => {
    const f = join(dir, 'small.txt');
    writeFileSync(f, 'hello world');
    expect(readCorpus(f, f, 11)).toBe('hello world');
  });

  it('refuses a file over the limit, naming the file and the limit', () => {
    const f = join(dir, 'over.txt');
    writeFileSync(f, 'hello world!');
    expect(() => readCorpus(f, f, 11)).toThrow(`${f} is too large: 12 bytes, over the limit of 11 bytes (11 bytes)`);
  });

  it('refuses a sparse file over the real limit without reading it', () => {
    const f = join(dir, 'huge.txt');
    writeFileSync(f, '');
    truncateSync(f, MAX_CORPUS_BYTES + 1); // all NUL bytes: read, it would fail as binary instead
    expect(() => loadText({ data: f })).toThrow(/huge.txt is too large: 100.0 MB, over the limit of 100.0 MB \(100000000 bytes\)/);
  });

  it('names a missing file', () => {
    expect(() => readCorpus(join(dir, 'missing.txt'))).toThrow(/cannot read .*missing.txt: ENOENT/);
  });
});

describe('projectRoot', () => {
  const saved = { cwd: process.cwd(), root: process.env.GPT_LAB_ROOT };
  afterEach(() => {
    process.chdir(saved.cwd);
    if (saved.root === undefined) delete process.env.GPT_LAB_ROOT;
    else process.env.GPT_LAB_ROOT = saved.root;
  });

  it('finds bundled datasets from any working folder, or under GPT_LAB_ROOT', () => {
    delete process.env.GPT_LAB_ROOT;
    process.chdir(dir);
    expect(loadText({ dataset: 'tinystories-en' }).text.length).toBeGreaterThan(1000);
    process.env.GPT_LAB_ROOT = dir;
    expect(projectRoot()).toBe(dir);
    expect(() => loadText({ dataset: 'tinystories-en' })).toThrow(`cannot read ${join(dir, 'public', 'datasets')}`);
  });
});
