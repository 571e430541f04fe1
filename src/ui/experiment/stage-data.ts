// The bundled datasets by kind: training text for pretraining, JSONL demonstrations for SFT, JSONL prompts for
// the reward stage. Each SFT and prompts file names the text corpus whose characters it uses (`corpus`), so the
// default for a stage is the file made for the pretraining corpus (same language, same vocabulary).
// Tested by stage-schema.test.ts.
import { DATASETS, type DatasetInfo, type DatasetKind } from '../../engine/data/datasets';

const entries = DATASETS;

export function datasetsOfKind(kind: DatasetKind): readonly DatasetInfo[] {
  return entries.filter((d) => (d.kind ?? 'text') === kind);
}

/** Corpora offered for pretraining: the lessons' corpora (`lesson-…`) belong to their lessons (guide=…). */
export const TEXT_DATASETS = datasetsOfKind('text').filter((d) => !d.id.startsWith('lesson-'));

/** The dataset of `kind` made for `corpus` (a text dataset id), else the first of that kind; null when none. */
export function matchingDataset(kind: 'sft' | 'prompts', corpus: string): string | null {
  const ofKind = entries.filter((d) => d.kind === kind);
  return (ofKind.find((d) => d.corpus === corpus) ?? ofKind[0])?.id ?? null;
}

/** The stage data an experiment uses: the chosen id, or the one matching its pretraining corpus. */
export function sftDataId(e: { dataset: string; sft: { data: string | null } }): string | null {
  return e.sft.data ?? matchingDataset('sft', e.dataset);
}

export function promptsDataId(e: { dataset: string; reward: { prompts: string | null } }): string | null {
  return e.reward.prompts ?? matchingDataset('prompts', e.dataset);
}
