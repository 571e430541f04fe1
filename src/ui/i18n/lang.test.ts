// The page's first language: the link's lang wins, then the reader's remembered choice, then the browser's
// preferred languages (any Chinese variant counts as Chinese), then English.
import { describe, expect, it } from 'vitest';
import { browserLang, initialLang } from './lang';

describe('the page language', () => {
  it('follows the browser on a first visit', () => {
    expect(initialLang(null, null, ['zh-CN', 'en'])).toBe('zh');
    expect(initialLang(null, null, ['zh-TW'])).toBe('zh');
    expect(initialLang(null, null, ['fr-FR', 'en-GB', 'zh'])).toBe('en');
    expect(initialLang(null, null, ['fr-FR', 'de'])).toBe('en');
    expect(initialLang(null, null, [])).toBe('en');
  });

  it('prefers the remembered choice to the browser, and the link to both', () => {
    expect(initialLang(null, 'zh', ['en-US'])).toBe('zh');
    expect(initialLang(null, 'en', ['zh-CN'])).toBe('en');
    expect(initialLang('en', 'zh', ['zh-CN'])).toBe('en');
    expect(initialLang('zh', 'en', ['en-US'])).toBe('zh');
  });

  it('ignores a remembered value that is not a language of the page', () => {
    expect(initialLang(null, 'fr', ['zh-HK'])).toBe('zh');
    expect(browserLang(['ZH-cn'])).toBe('zh');
    expect(browserLang(['pt-BR'])).toBeNull();
  });
});
