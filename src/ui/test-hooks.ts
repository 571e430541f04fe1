// `window.__gptLab`: what end-to-end tests read from the page without scraping the charts (docs/lab.md):
// pretraining's train-loss column, a later stage's loss / accuracy columns (PPO: policy loss per rollout), the rankings and the stage settings;
// and one fault to inject: losing the worker's GPU device.
import type { StepColumn } from '../workers/protocol';
import type { LaterStage } from './store/stage-slice';
import { useLab } from './store/store';
import { conn } from './worker-connection';

declare global {
  interface Window {
    __gptLab?: {
      getLosses(): number[];
      getStageColumn(stage: LaterStage, column: StepColumn): number[];
      getRankings(): { prompt: string; ranked: string[]; source: string }[];
      /** The experiment's stage settings, to compare a copied link's with the original's. */
      getStageSettings(): { sft: object; reward: object; ppo: object };
      /** Fault injection: the worker's GPU device is destroyed, as when the GPU is lost mid-training. */
      loseDevice(): Promise<void>;
    };
  }
}

export function installTestHooks(): void {
  window.__gptLab = {
    getLosses: () => Array.from(useLab.getState().metrics.get('loss')),
    getStageColumn: (stage, column) => Array.from(useLab.getState().stages[stage].metrics.get(column)),
    getRankings: () => useLab.getState().rankings.records.map((r) => ({ ...r })),
    getStageSettings: () => ({ sft: { ...useLab.getState().experiment.sft }, reward: { ...useLab.getState().experiment.reward }, ppo: { ...useLab.getState().experiment.ppo } }),
    loseDevice: async () => {
      if (conn.api) await conn.api.loseDevice();
    },
  };
}
