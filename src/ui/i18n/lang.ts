// The page's language: the link's `lang` wins; without one, the reader's last choice (kept in localStorage); on a
// first visit, the browser's preferred languages. The store's `experiment.lang` is the one source of truth (it also
// goes into shared links); applyLang follows it into i18next, <html lang> and the tab title. Tested by lang.test.ts.
import { actions, useLab } from '../store/store';
import { i18n, LANGS, t, type Lang } from './i18n';

export const LANG_STORAGE_KEY = 'gpt-lab.lang';

const isLang = (v: unknown): v is Lang => (LANGS as readonly unknown[]).includes(v);

/** The language of browser language tags ('zh-CN', 'zh-TW', 'en-GB' …): the first that is English or Chinese. */
export function browserLang(tags: readonly string[]): Lang | null {
  for (const tag of tags) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return null;
}

/** Link first, then the remembered choice, then the browser's languages, then English. */
export function initialLang(linkLang: Lang | null, remembered: string | null, browserTags: readonly string[]): Lang {
  if (linkLang) return linkLang;
  if (isLang(remembered)) return remembered;
  return browserLang(browserTags) ?? 'en';
}

function readRemembered(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null; // storage blocked (private mode, file://): the choice lasts for this page only
  }
}

/** The language to start the page in, from its link's `lang` (null when the link has none). */
export function startLang(linkLang: Lang | null): Lang {
  return initialLang(linkLang, readRemembered(), typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]);
}

/** Switches i18next, <html lang> and the tab title to `lang`. */
export function applyLang(lang: Lang): void {
  void i18n.changeLanguage(lang);
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('app.title');
}

/** The reader's choice from the toggle: applied, remembered, and carried by links copied from now on. */
export function chooseLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // see readRemembered
  }
  actions.setExperiment({ ...useLab.getState().experiment, lang });
}

/** Keeps i18next on the store's language from now on (and applies the current one). */
export function followLang(): void {
  applyLang(useLab.getState().experiment.lang);
  useLab.subscribe((s) => s.experiment.lang, applyLang);
}
