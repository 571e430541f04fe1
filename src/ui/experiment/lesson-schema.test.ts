// Lesson link keys: round trip, defaults left out, invalid values refused with a notice.
import { describe, expect, it } from 'vitest';
import { english } from '../i18n/i18n';
import { experimentFromPreset, experimentFromQuery, experimentToQuery } from './schema';

describe('lesson link keys', () => {
  it('round-trips lang, lesson.steps and lesson.items with a lesson guide', () => {
    const e = { ...experimentFromPreset('tiny'), guide: 'in-context', lang: 'zh' as const, lesson: { steps: 40, items: 6 } };
    const q = experimentToQuery(e);
    expect(q).toContain('lang=zh');
    expect(q).toContain('lesson.steps=40');
    const back = experimentFromQuery(q);
    expect(back.notices).toEqual([]);
    expect(back.experiment.lesson).toEqual(e.lesson);
    expect(back.experiment.lang).toBe('zh');
    expect(back.experiment.guide).toBe('in-context');
  });

  it('leaves defaults out of the link', () => {
    const q = experimentToQuery(experimentFromPreset('tiny'));
    expect(q).not.toMatch(/lang=|lesson\./);
  });

  it('refuses bad values with a notice and keeps the defaults', () => {
    const { experiment, notices } = experimentFromQuery('lang=fr&lesson.steps=0&lesson.items=2.5');
    expect(experiment.lesson).toEqual({ steps: null, items: null });
    expect(experiment.lang).toBe('en');
    expect(notices).toHaveLength(3);
    expect(notices.map(english).join(' ')).toMatch(/lang: "fr"/);
  });

  it('accepts every lesson id as a guide', () => {
    for (const id of ['gpt1-heads', 'zero-shot', 'in-context', 'chain-of-thought']) {
      expect(experimentFromQuery(`guide=${id}`).experiment.guide).toBe(id);
    }
  });
});
