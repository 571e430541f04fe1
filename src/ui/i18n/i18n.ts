// The page's i18n library: one i18next instance with the English and Chinese catalogues (en.json, zh.json),
// bound to React through react-i18next (components call useTranslation(); d3 drawing code, notices and the bridges
// call `t` from here). Plurals use i18next's plural keys (`_one` / `_other`); numbers go through Intl.NumberFormat
// in the formatters `fixed` (toFixed digits, no grouping), `int` (grouped) and i18next's built-in `number`.
// A message that is not yet words (a notice, an engine error) travels as a Msg: a catalogue key and its params.
// Tested by i18n.test.ts and catalogue.test.ts.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { labErrorInfo } from '../../engine/errors';
import en from './en.json';
import zh from './zh.json';

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, zh: { translation: zh } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGS],
  initAsync: false, // the catalogues are bundled: t() works before the first render
  interpolation: { escapeValue: false }, // React escapes; d3 sets textContent
  returnNull: false,
});

function numberFormat(lng: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return new Intl.NumberFormat(lng === 'zh' ? 'zh-CN' : 'en-US', options);
}
/** `{{v, fixed(digits: 2)}}`: like toFixed (no thousands separators), in the reader's locale. */
i18n.services.formatter?.add('fixed', (value: number, lng, options: { digits?: number }) => {
  const d = Number(options.digits ?? 0);
  return numberFormat(lng, { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }).format(value);
});
/** `{{n, int}}`: a whole number with the locale's grouping (12,345). */
i18n.services.formatter?.add('int', (value: number, lng) => numberFormat(lng, { maximumFractionDigits: 0 }).format(value));

/** A message still to be put into words: a catalogue key and its params (params may be Msgs themselves). */
export interface Msg {
  key: string;
  params?: Record<string, unknown>;
}
/** What a notice or error shows: a Msg, or text that is shown as it is (user data, an uncoded engine message). */
export type Say = string | Msg;

export const msg = (key: string, params?: Record<string, unknown>): Msg => ({ key, params });

export function t(key: string, params?: Record<string, unknown>): string {
  return String(i18n.t(key, params as never));
}

/** The words of `s` in the current language (nested Msgs in params are worded first). */
export function say(s: Say): string {
  return sayIn(s, t);
}

/** The words of `s` in English whatever the page shows (link notices compared in tests, the CLI's wording). */
export function english(s: Say): string {
  const en = i18n.getFixedT('en');
  return sayIn(s, (key, params) => String(en(key, params as never)));
}

/** `s` as a sentence: with the language's full stop after it unless it already ends with one. */
export const sentence = (s: Say): Msg => msg(SENTENCE, { text: s });
const SENTENCE = 'common.sentence';

function sayIn(s: Say, tr: (key: string, params?: Record<string, unknown>) => string): string {
  if (typeof s === 'string') return s;
  if (s.key === SENTENCE) {
    const text = sayIn(s.params!.text as Say, tr);
    return /[.。!！?？]$/.test(text) ? text : tr(SENTENCE, { text });
  }
  const params = s.params && Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, isMsg(v) ? sayIn(v, tr) : v]));
  return tr(s.key, params);
}

function isMsg(v: unknown): v is Msg {
  return typeof v === 'object' && v !== null && typeof (v as Msg).key === 'string';
}

/** An error as a Say: a coded engine error (src/engine/errors.ts) as its catalogue message (whose English is the
 *  engine's own message), anything else as its message text. */
export function errorSay(e: unknown): Say {
  if (e instanceof SayError) return e.say;
  const message = e instanceof Error ? e.message : typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
  const info = labErrorInfo(e);
  if (info && i18n.exists(`errors.${info.code}`)) return msg(`errors.${info.code}`, { ...info.params, message });
  return message;
}

/** An error the page itself raises with a catalogue message; its `message` is the English wording. */
export class SayError extends Error {
  constructor(readonly say: Msg) {
    super(english(say));
  }
}

/** A coded error event from the worker (protocol.ts `{type:'error'}`) as a Say. */
export function eventSay(ev: { message: string; code?: string; params?: Record<string, string | number> }): Say {
  return ev.code && ev.params ? errorSay({ message: ev.message, code: ev.code, params: ev.params }) : ev.message;
}
