// Findings in both languages: every kind is worded, plurals follow k, and the English words equal the engine's
// sentences for the command line.
import { afterEach, describe, expect, it } from 'vitest';
import { englishFinding, type Finding } from '../../engine/lessons/lesson-summary';
import { i18n } from '../i18n/i18n';
import { findingText } from './findings';

const share = { acc: 75, correct: 3, n: 4, lo: 30, hi: 95 };
const all: Finding[] = [
  { kind: 'zeroShot', task: 'capitals', step: 600, firstStep: 0, before: 0, ...share },
  { kind: 'shots', k: 1, step: 600, ...share },
  { kind: 'shots', k: 8, step: 600, ...share },
  { kind: 'induction', layer: 2, head: 1, score: 41 },
  { kind: 'cot', run: 'cot', step: 600, byTask: [{ task: '2-digit-0-carries', acc: 100 }], ...share },
  { kind: 'heads', lambda: 0.5, step: 150, chance: 50, ...share },
];

describe('lesson findings', () => {
  afterEach(() => void i18n.changeLanguage('en'));

  it('read in English as the command line prints them', () => {
    void i18n.changeLanguage('en');
    for (const f of all) {
      expect(findingText(f)).toBe(englishFinding(f));
    }
  });

  it('read in Chinese with no placeholder left', () => {
    void i18n.changeLanguage('zh');
    for (const f of all) {
      const text = findingText(f);
      expect(text).not.toMatch(/\{\{|examples in the prompt|accuracy/);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(findingText(all[4])).toContain('思维链');
  });
});
