// Store actions of the pipeline: which stage is on screen, each stage's snapshot, the later stages' runs (the
// worker's events for SFT and the reward model land here) and the rankings. Module-level, like `actions`.
// Tested by stage-actions.test.ts.
import type { PpoEvalView, PpoRolloutView, RankProgress, RewardEvalView, RunState, RunSummary, SampleView, SavedState, SftExampleView, Stage } from '../../workers/protocol';
import { MetricSeries } from './metrics';
import { freshRankings, freshStageRun, type LaterStage, type PpoRolloutPoint, type RankingEntry, type RankingSource, type StageRun, type StageVal } from './stage-slice';
import { useLab } from './store';

/** Most samples kept per stage, newest first. */
const SAMPLES_KEPT = 20;

function patch(stage: LaterStage, p: Partial<StageRun> | ((run: StageRun) => Partial<StageRun>)): void {
  useLab.setState((s) => {
    const run = s.stages[stage];
    return { stages: { ...s.stages, [stage]: { ...run, ...(typeof p === 'function' ? p(run) : p) } } };
  });
}

export const stageActions = {
  select(stage: Stage): void {
    useLab.setState({ activeStage: stage });
  },
  setSaved(stage: Stage, state: SavedState | undefined): void {
    useLab.setState((s) => ({ saved: { ...s.saved, [stage]: state } }));
  },
  /** A new run of `stage`: its curves, views and snapshot are cleared (the other stages keep theirs). */
  reset(stage: LaterStage): void {
    patch(stage, freshStageRun());
    stageActions.setSaved(stage, undefined);
  },
  start(stage: LaterStage, from: StageRun['from']): void {
    patch(stage, { from, runState: 'running', error: null });
  },
  setRunState(stage: LaterStage, runState: RunState, step?: number): void {
    patch(stage, step === undefined ? { runState } : { runState, step });
  },
  setSummary(stage: LaterStage, summary: RunSummary): void {
    patch(stage, { summary, step: summary.step });
  },
  appendSteps(stage: LaterStage, rows: Float32Array): void {
    patch(stage, (run) => {
      run.metrics.append(rows);
      const steps = run.metrics.get('step');
      return { metricsVersion: run.metricsVersion + 1, step: steps.length ? steps[steps.length - 1] : run.step };
    });
  },
  addVal(stage: LaterStage, v: { step: number; loss: number; accuracy?: number; margin?: number }): void {
    patch(stage, ({ val }) => ({
      val: { step: [...val.step, v.step], loss: [...val.loss, v.loss], accuracy: [...val.accuracy, v.accuracy ?? NaN], margin: [...val.margin, v.margin ?? NaN] },
    }));
  },
  addSample(stage: LaterStage, view: SampleView): void {
    patch(stage, ({ samples }) => ({ samples: [view, ...samples].slice(0, SAMPLES_KEPT) }));
  },
  setSftExample(view: SftExampleView): void {
    patch('sft', { sftExample: view });
  },
  setRewardEval(view: RewardEvalView): void {
    patch('reward', { rewardEval: view });
  },
  addPpoRollout(view: PpoRolloutView): void {
    patch('ppo', ({ ppoRollouts }) => ({ ppoLatest: view, ppoRollouts: [...ppoRollouts, { rollout: view.rollout, metrics: view.metrics }] }));
  },
  addPpoEval(view: PpoEvalView): void {
    patch('ppo', ({ ppoEvals }) => ({ ppoEvals: [...ppoEvals, view] }));
  },
  fail(stage: LaterStage, message: string): void {
    patch(stage, { error: message, runState: 'error' });
  },
  /** Puts back a saved stage: curves up to its snapshot and its last views; the run state is paused or done. */
  restore(stage: LaterStage, saved: { rows: Float32Array; val: StageVal; from: StageRun['from']; samples: SampleView[]; sftExample: SftExampleView | null; rewardEval: RewardEvalView | null; step: number; done: boolean; ppoRollouts?: PpoRolloutPoint[]; ppoEvals?: PpoEvalView[] }): void {
    const metrics = new MetricSeries();
    metrics.append(saved.rows);
    patch(stage, (run) => ({
      metrics, metricsVersion: run.metricsVersion + 1, val: structuredClone(saved.val), from: saved.from, samples: saved.samples,
      sftExample: saved.sftExample, rewardEval: saved.rewardEval, step: saved.step, runState: saved.done ? 'done' : 'paused', error: null,
      ppoRollouts: saved.ppoRollouts ?? [], ppoEvals: saved.ppoEvals ?? [], ppoLatest: null,
    }));
  },

  setRankings(records: RankingEntry[], meta: { labeler?: string | null; fileName?: string | null } = {}): void {
    useLab.setState((s) => ({ rankings: { ...s.rankings, records, ...meta } }));
  },
  /** Replaces the rankings from one source (a new "Make rankings" or upload), keeping the others (hand rankings). */
  replaceSource(source: RankingSource, records: RankingEntry[], meta: { labeler?: string | null; fileName?: string | null } = {}): void {
    const kept = useLab.getState().rankings.records.filter((r) => r.source !== source);
    stageActions.setRankings([...records, ...kept], meta);
  },
  addRanking(entry: RankingEntry): void {
    useLab.setState((s) => ({ rankings: { ...s.rankings, records: [...s.rankings.records, entry] } }));
  },
  removeRanking(index: number): void {
    useLab.setState((s) => ({ rankings: { ...s.rankings, records: s.rankings.records.filter((_, i) => i !== index) } }));
  },
  clearRankings(): void {
    useLab.setState({ rankings: freshRankings() });
  },
  setRankProgress(progress: RankProgress | null): void {
    useLab.setState((s) => ({ rankings: { ...s.rankings, progress } }));
  },
};
