// The training text of an experiment: a bundled dataset fetched once from public/datasets (cached for the
// page's life), or the visitor's uploaded text. Exercised in the browser.

import { datasetPath } from '../engine/data/datasets';
import { UPLOADED_DATASET } from './experiment/types';
import { msg, SayError } from './i18n/i18n';
import type { LabState } from './store/store';

const cache = new Map<string, Promise<string>>();

/** A bundled dataset's text (fetched once per page). */
export function bundledText(id: string): Promise<string> {
  let text = cache.get(id);
  if (!text) {
    text = fetch(`${import.meta.env.BASE_URL}${datasetPath(id)}`).then((r) => {
      if (!r.ok) throw new SayError(msg('upload.datasetFailed', { id, status: r.status }));
      return r.text();
    });
    text.catch(() => cache.delete(id));
    cache.set(id, text);
  }
  return text;
}

export async function corpusText(dataset: string, upload: LabState['upload']): Promise<string> {
  if (dataset !== UPLOADED_DATASET) return bundledText(dataset);
  if (!upload) throw new SayError(msg('upload.noneYet'));
  return upload.text;
}
