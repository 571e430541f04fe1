// "Export for PyTorch (zip)": the stage on screen (pretraining, SFT or the reward model) as an exported run folder
// (src/engine/export/FOLDER.md) in one zip download. The weights and AdamW moments come from the worker when it
// holds that stage's run (the reward model with its reward statistics), else from the stage's last snapshot; the
// training settings from the experiment (the stage's TrainConfig and λ); the data is the corpus, the SFT file or
// the rankings made in the lab. Loaded on demand (fflate and train_ddp.py stay out of the page's first bundle).
// Exercised in the browser; the folder and the zip are unit-tested (run-folder.test.ts, zip.test.ts).

import { decodeCheckpoint } from '../../engine/checkpoint/gpt2-checkpoint';
import { RUN_FORMAT, STAGE_DATA_KIND, type RunData, type RunDescription, type RunStage } from '../../engine/export/run-description';
import { buildRunFolder } from '../../engine/export/run-folder';
import { zipFolder } from '../../engine/export/zip';
import type { SavedState } from '../../workers/protocol';
import { corpusText } from '../corpus-text';
import { sftDataId } from '../experiment/stage-data';
import { stageTrainConfig } from '../experiment/stage-schema';
import { UPLOADED_DATASET, type Experiment } from '../experiment/types';
import { rankingsJsonl } from '../store/stage-slice';
import { useLab, type LabState } from '../store/store';
import { call, conn, holds } from '../worker-connection';
import { downloadBytes } from './checkpoint-file';

/** The stage's weights and moments now: the live run's when the worker holds it, else the last snapshot. */
async function currentState(stage: RunStage, saved: SavedState | undefined): Promise<{ state: SavedState; checkpoint: Uint8Array } | null> {
  if (holds(stage) && conn.api) {
    const state = await call(conn.api.saveState());
    return { state, checkpoint: stage === 'reward' ? await call(conn.api.exportCheckpoint()) : state.checkpoint };
  }
  return saved ? { state: saved, checkpoint: saved.checkpoint } : null;
}

/** The stage's data text and how the run names it. */
async function stageData(stage: RunStage, e: Experiment, s: LabState): Promise<{ text: string; data: RunData }> {
  const kind = STAGE_DATA_KIND[stage];
  if (stage === 'pretrain') {
    const bundled = e.dataset !== UPLOADED_DATASET;
    const text = await corpusText(e.dataset, s.upload);
    return { text, data: { kind, file: bundled ? e.dataset : (s.upload?.name ?? 'upload.txt'), ...(bundled && { dataset: e.dataset }) } };
  }
  if (stage === 'reward') return { text: rankingsJsonl(s.rankings.records), data: { kind, file: 'rankings.jsonl' } };
  const id = sftDataId(e);
  if (!id) throw new Error('no SFT dataset matches this experiment');
  return { text: await corpusText(id, null), data: { kind, file: id, dataset: id } };
}

/** Builds the zip of the stage on screen and downloads it; throws what went wrong (the caller shows it). */
export async function exportRunZip(): Promise<void> {
  const s = useLab.getState();
  const stage = s.activeStage;
  if (stage === 'ppo') throw new Error('PPO runs cannot be exported for PyTorch');
  const current = await currentState(stage, s.saved[stage]);
  if (!current) return;
  const e = s.experiment;
  const { text, data } = await stageData(stage, e, s);
  const description: RunDescription = {
    format: RUN_FORMAT, stage, step: current.state.step, train: stage === 'pretrain' ? e.train : stageTrainConfig(e, stage),
    stageSettings: stage === 'sft' ? { lambda: e.sft.lambda } : {}, data, preset: e.preset, source: 'lab',
  };
  const files = buildRunFolder({
    checkpoint: decodeCheckpoint(current.checkpoint),
    run: { description, data: text },
    optimizer: { m: current.state.m, v: current.state.v },
  });
  const name = `gpt-lab-${stage}-step${current.state.step}`;
  downloadBytes(`${name}.zip`, zipFolder(name, files));
}
