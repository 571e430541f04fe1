// Checks a rankings file the visitor picks before it becomes reward-model data: a .jsonl name, at most
// MAX_RANKINGS_BYTES, UTF-8 text, and every line a ranking ({"prompt","ranked":[best,…]} or TRL's
// {"prompt","chosen","rejected"}) as parseRankedJsonl reads it. Each failure throws the message the page shows
// (the parser's own messages name the file and line). Tested by rankings-upload.test.ts.
import { parseRankedJsonl, type RankedRecord } from '../../engine/data/jsonl';
import type { UploadFile } from './upload';

export const MAX_RANKINGS_BYTES = 20 * 2 ** 20;

export async function readRankingsFile(file: UploadFile): Promise<RankedRecord[]> {
  if (!/\.jsonl$/i.test(file.name)) throw new Error(`"${file.name}" is not a .jsonl file: rankings are JSON Lines, one {"prompt", "ranked"} object per line.`);
  if (file.size > MAX_RANKINGS_BYTES) {
    throw new Error(`"${file.name}" is ${(file.size / 2 ** 20).toFixed(1)} MB; the limit is ${MAX_RANKINGS_BYTES / 2 ** 20} MB.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    throw new Error(`"${file.name}" is not valid UTF-8 text: re-save it as UTF-8.`);
  }
  return parseRankedJsonl(text, file.name);
}
