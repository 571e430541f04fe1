// Checks a rankings file the visitor picks before it becomes reward-model data: a .jsonl name, at most
// MAX_RANKINGS_BYTES, UTF-8 text, and every line a ranking ({"prompt","ranked":[best,…]} or TRL's
// {"prompt","chosen","rejected"}) as parseRankedJsonl reads it. Each failure throws the message the page shows
// (the parser's own errors carry the file, the line and a code the page words in its language). Tested by rankings-upload.test.ts.
import { parseRankedJsonl, type RankedRecord } from '../../engine/data/jsonl';
import { msg, SayError } from '../i18n/i18n';
import type { UploadFile } from './upload';

export const MAX_RANKINGS_BYTES = 20 * 2 ** 20;

export async function readRankingsFile(file: UploadFile): Promise<RankedRecord[]> {
  if (!/\.jsonl$/i.test(file.name)) throw new SayError(msg('upload.rankingsNotJsonl', { name: file.name }));
  if (file.size > MAX_RANKINGS_BYTES) {
    throw new SayError(msg('upload.rankingsTooBig', { name: file.name, mb: (file.size / 2 ** 20).toFixed(1), limit: MAX_RANKINGS_BYTES / 2 ** 20 }));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    throw new SayError(msg('upload.notUtf8', { name: file.name }));
  }
  return parseRankedJsonl(text, file.name);
}
