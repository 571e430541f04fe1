// The link keys of the lessons from the GPT papers: `lang` (en or zh: the lesson's data and text), `lesson.steps`
// (pretraining steps per model) and `lesson.items` (held-out items per task per evaluation). Only values that differ
// from the defaults go into a link; invalid ones give a notice and the default. Tested by lesson-schema.test.ts.
import { LESSON_DEFAULTS, type LessonSettings } from './types';

/** Bounds a link may ask for (a lesson model is small; these keep a class's tab responsive). */
export const LESSON_STEPS_MAX = 20_000;
export const LESSON_ITEMS_MAX = 1_000;

export function lessonQuery(l: LessonSettings): [string, string][] {
  const out: [string, string][] = [];
  if (l.lang !== LESSON_DEFAULTS.lang) out.push(['lang', l.lang]);
  if (l.steps !== null) out.push(['lesson.steps', String(l.steps)]);
  if (l.items !== null) out.push(['lesson.items', String(l.items)]);
  return out;
}

function count(q: URLSearchParams, key: string, max: number, notices: string[]): number | null {
  const raw = q.get(key);
  if (raw === null) return null;
  const v = Number(raw);
  if (raw.trim() !== '' && Number.isInteger(v) && v >= 1 && v <= max) return v;
  notices.push(`${key}: "${raw}" is not a whole number from 1 to ${max}; using the lesson's own.`);
  return null;
}

export function readLesson(q: URLSearchParams, notices: string[]): LessonSettings {
  const l: LessonSettings = { ...LESSON_DEFAULTS };
  const lang = q.get('lang');
  if (lang === 'en' || lang === 'zh') l.lang = lang;
  else if (lang !== null) notices.push(`lang: "${lang}" is not en or zh; using ${LESSON_DEFAULTS.lang}.`);
  l.steps = count(q, 'lesson.steps', LESSON_STEPS_MAX, notices);
  l.items = count(q, 'lesson.items', LESSON_ITEMS_MAX, notices);
  return l;
}
