// The probe settings follow the training text: English defaults on a Chinese corpus become the corpus's opening,
// settings the corpus covers stay, and an empty corpus changes nothing.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_PROBES } from './store';
import { fitProbesToText } from './probe-fit';

describe('fitProbesToText', () => {
  it('replaces English defaults with the opening of a Chinese corpus', () => {
    const zh = readFileSync('public/datasets/stories-zh.txt', 'utf8');
    const fitted = fitProbesToText(DEFAULT_PROBES, zh);
    expect(fitted.probeText).toBe('这是聪明的小男孩小华的故事。他住在山下的一个小房子里。'); // cut after a clause mark
    expect(fitted.samplePrompt).toBe('这是聪明的小男孩小华的故'); // no boundary in its second half: cut at 12
    expect(fitted.temperature).toBe(DEFAULT_PROBES.temperature);
  });

  it('keeps settings the corpus covers, and changes nothing for an English corpus', () => {
    const en = readFileSync('public/datasets/tinystories-en.txt', 'utf8');
    expect(fitProbesToText(DEFAULT_PROBES, en)).toBe(DEFAULT_PROBES);
    const mine = { ...DEFAULT_PROBES, probeText: '小猫很开心', samplePrompt: 'Once' };
    const fitted = fitProbesToText(mine, '小猫很开心。小狗也很开心。\n');
    expect(fitted.probeText).toBe('小猫很开心');
    expect(fitted.samplePrompt).toBe('小猫很开心。小狗也很开心');
  });

  it('leaves the settings alone for a text without a non-empty line', () => {
    expect(fitProbesToText(DEFAULT_PROBES, '\n  \n')).toBe(DEFAULT_PROBES);
  });
});
