// Names and descriptions the engine keeps in English (bundled datasets, presets, labelers) in the page's language:
// the catalogue's `datasets.<id>.*` and `presets.<name>` where it has them, the labeler's own Chinese fields, and the
// engine's English text for anything newer than the catalogues. Tested by i18n.test.ts.
import { DATASETS } from '../../engine/data/datasets';
import type { Labeler } from '../../engine/labelers/labelers';
import { i18n, msg, t, type Say } from './i18n';

export function datasetText(d: { id: string; title: string; description: string }, field: 'title' | 'description'): string {
  const key = `datasets.${d.id}.${field}`;
  return i18n.exists(key) ? t(key) : d[field];
}

/** A dataset's title as a Say (worded when shown): the catalogue's, else the engine's English, else the id. */
export function datasetTitleSay(id: string): Say {
  const key = `datasets.${id}.title`;
  return i18n.exists(key) ? msg(key) : (DATASETS.find((d) => d.id === id)?.title ?? id);
}

export function presetText(p: { name: string; description: string }): string {
  const key = `presets.${p.name}`;
  return i18n.exists(key) ? t(key) : p.description;
}

export function labelerTitle(l: Labeler): string {
  return i18n.language === 'zh' ? l.titleZh : l.title;
}

export function labelerDescription(l: Labeler): string {
  return i18n.language === 'zh' ? l.descriptionZh : l.description;
}
