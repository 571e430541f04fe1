// Reward-model data (stage 3): each ranked record becomes a group of K sequences prompt + response + end of text,
// best first; a batch packs whole groups into its B rows, so all C(K,2) pairs of a prompt are in the same batch
// (InstructGPT's reason: no overfitting from seeing a pair in several batches). The head reads each sequence's
// end-of-text position. Tested by stage-data.test.ts and stages-vs-pytorch.test.ts.

import type { RankedRecord } from '../data/jsonl';
import type { CharTokenizer } from '../data/tokenizer';
import { MAX_RANKED } from '../../kernels/ranking/ranking';
import { takeFitting } from '../data/take-fitting';
import { LabError } from '../errors';
import { checkVocabulary, encodeWithEnd, recordText } from './stage-data';

export interface RankedGroup {
  prompt: string;
  responses: readonly string[];
  /** One sequence per response, best first, each at most T tokens. */
  seqs: Uint32Array[];
}

export function encodeRankedRecords(tokenizer: CharTokenizer, records: readonly RankedRecord[], T: number, B: number, source: string): RankedGroup[] {
  checkVocabulary(tokenizer, records.map((r) => r.prompt + r.ranked.join('')), source);
  return records.map((r, i) => {
    const where = recordText({ file: source, record: i + 1 });
    if (r.ranked.length < 2) throw new Error(`${where} has ${r.ranked.length} response; a ranking needs K >= 2`);
    const most = Math.min(B, MAX_RANKED);
    if (r.ranked.length > most) {
      const params = { file: source, record: i + 1, count: r.ranked.length, limit: most, batch: B };
      throw new LabError('ranked-too-many', params, `${where} ranks ${r.ranked.length} responses, more than the ${most} a batch of ${B} sequences holds; raise the batch size`);
    }
    return { prompt: r.prompt, responses: r.ranked, seqs: r.ranked.map((y, k) => encodeWithEnd(tokenizer, r.prompt, y, T, { file: source, record: i + 1, response: k + 1 }).ids) };
  });
}

export interface RewardBatch {
  inputs: Uint32Array; // (B,T)
  /** Row (b·T + position) of each used sequence's end-of-text token, then distinct filler rows for unused ones. */
  rows: Uint32Array; // (B)
  /** K of each packed group, in order. */
  sizes: number[];
}

/** Packs `groups` (all of which must fit: Σ K <= B) into one batch. */
export function packRewardBatch(groups: readonly RankedGroup[], B: number, T: number): RewardBatch {
  const inputs = new Uint32Array(B * T);
  const rows = new Uint32Array(B);
  const sizes: number[] = [];
  let b = 0;
  for (const g of groups) {
    if (b + g.seqs.length > B) throw new Error(`packRewardBatch: groups of ${b + g.seqs.length} sequences exceed B=${B}`);
    for (const s of g.seqs) {
      inputs.set(s, b * T);
      rows[b] = b * T + s.length - 1;
      b++;
    }
    sizes.push(g.seqs.length);
  }
  for (; b < B; b++) rows[b] = b * T; // padding rows: read but in no group, so their gradient is 0
  return { inputs, rows, sizes };
}

/** Groups for one batch: whole groups in `next()` order, as many as fit B rows. */
export const takeGroups = takeFitting<RankedGroup>;
