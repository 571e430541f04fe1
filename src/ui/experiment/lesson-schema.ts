// The link keys of the page's language, `lang` (en or zh; a lesson's data and text follow it), and of the lessons
// from the GPT papers: `lesson.steps`
// (pretraining steps per model) and `lesson.items` (held-out items per task per evaluation). Only values that differ
// from the defaults go into a link; invalid ones give a notice and the default. Tested by lesson-schema.test.ts.
import { msg, type Msg } from '../i18n/i18n';
import { DEFAULT_LANG, LESSON_DEFAULTS, type Experiment, type LessonSettings } from './types';

/** Bounds a link may ask for (a lesson model is small; these keep a class's tab responsive). */
export const LESSON_STEPS_MAX = 20_000;
export const LESSON_ITEMS_MAX = 1_000;

export function lessonQuery(lang: Experiment['lang'], l: LessonSettings): [string, string][] {
  const out: [string, string][] = [];
  if (lang !== DEFAULT_LANG) out.push(['lang', lang]);
  if (l.steps !== null) out.push(['lesson.steps', String(l.steps)]);
  if (l.items !== null) out.push(['lesson.items', String(l.items)]);
  return out;
}

function count(q: URLSearchParams, key: string, max: number, notices: Msg[]): number | null {
  const raw = q.get(key);
  if (raw === null) return null;
  const v = Number(raw);
  if (raw.trim() !== '' && Number.isInteger(v) && v >= 1 && v <= max) return v;
  notices.push(msg('linkNotices.lessonCount', { key, raw, max }));
  return null;
}

/** The link's `lang`, or null when it has none (the page then follows the browser's language or the last choice). */
export function readLang(q: URLSearchParams, notices: Msg[]): Experiment['lang'] | null {
  const lang = q.get('lang');
  if (lang === 'en' || lang === 'zh') return lang;
  if (lang !== null) notices.push(msg('linkNotices.badLang', { raw: lang, lang: DEFAULT_LANG }));
  return null;
}

export function readLesson(q: URLSearchParams, notices: Msg[]): LessonSettings {
  const l: LessonSettings = { ...LESSON_DEFAULTS };
  l.steps = count(q, 'lesson.steps', LESSON_STEPS_MAX, notices);
  l.items = count(q, 'lesson.items', LESSON_ITEMS_MAX, notices);
  return l;
}
