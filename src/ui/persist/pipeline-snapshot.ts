// The later stages as kept in IndexedDB (key "pipeline", beside pretraining's "latest" snapshot): each stage's
// newest SavedState with its curves up to that step and its last views (PPO: its rollouts' metrics), the pretraining checkpoint SFT starts
// from, the rankings (labeler, hand and uploaded) and the experiment's query (stage settings included).
// Tested by pipeline-snapshot.test.ts (building and reading); saving and loading run in the browser.
import type { PpoEvalView, RewardEvalView, SampleView, SavedState, SftExampleView, Stage } from '../../workers/protocol';
import { experimentFromQuery, experimentToQuery, type ParsedExperiment } from '../experiment/schema';
import type { Experiment } from '../experiment/types';
import { LATER_STAGES, type LaterStage, type PpoRolloutPoint, type RankingEntry, type StageRun, type StageVal } from '../store/stage-slice';
import { idbGet, idbPut } from './idb';
import { english, msg, type Msg } from '../i18n/i18n';

const KEY = 'pipeline';

export interface StageSnapshot {
  state: SavedState;
  /** Step-metric rows up to state.step. */
  rows: Float32Array;
  val: StageVal;
  from: StageRun['from'];
  samples: SampleView[];
  sftExample: SftExampleView | null;
  rewardEval: RewardEvalView | null;
  step: number;
  /** Trained to its configured step count. */
  done: boolean;
  /** PPO: each rollout's metrics and the held-out evaluations up to `step` (its curves after a reload). */
  ppoRollouts?: PpoRolloutPoint[];
  ppoEvals?: PpoEvalView[];
}

export interface PipelineSnapshot {
  savedAt: number;
  query: string;
  activeStage: Stage;
  /** The pretraining checkpoint SFT starts from (an imported one has no "latest" snapshot of its own). */
  pretrain: SavedState | null;
  stages: Partial<Record<LaterStage, StageSnapshot>>;
  rankings: { records: RankingEntry[]; labeler: string | null; fileName: string | null };
}

/** A stage's run cut at its snapshot's step (later steps will be retrained on resume). */
export function buildStageSnapshot(run: StageRun, state: SavedState, steps: number): StageSnapshot {
  const stepCol = run.metrics.get('step');
  let n = 0;
  while (n < stepCol.length && stepCol[n] <= state.step) n++;
  const keep = run.val.step.filter((s) => s <= state.step).length;
  const cut = (xs: number[]) => xs.slice(0, keep);
  return {
    state, rows: run.metrics.toRows(n), val: { step: cut(run.val.step), loss: cut(run.val.loss), accuracy: cut(run.val.accuracy), margin: cut(run.val.margin) },
    from: run.from, samples: run.samples.filter((v) => v.step <= state.step), sftExample: run.sftExample, rewardEval: run.rewardEval && run.rewardEval.step <= state.step ? run.rewardEval : null,
    step: state.step, done: state.step >= steps,
    ...(run.ppoRollouts.length || run.ppoEvals.length ? {
      ppoRollouts: run.ppoRollouts.filter((r) => r.rollout <= state.step), ppoEvals: run.ppoEvals.filter((v) => v.rollout <= state.step),
    } : {}),
  };
}

export interface PipelineSource {
  experiment: Experiment;
  activeStage: Stage;
  saved: Partial<Record<Stage, SavedState>>;
  stages: Record<LaterStage, StageRun>;
  rankings: PipelineSnapshot['rankings'];
}

/** The pipeline to keep, or null when there is nothing beyond pretraining (no stage snapshot, no rankings). */
export function buildPipelineSnapshot(s: PipelineSource, savedAt = Date.now()): PipelineSnapshot | null {
  const stages: PipelineSnapshot['stages'] = {};
  for (const stage of LATER_STAGES) {
    const state = s.saved[stage];
    const steps = s.experiment[stage].steps;
    if (state) stages[stage] = buildStageSnapshot(s.stages[stage], state, steps);
  }
  if (!Object.keys(stages).length && !s.rankings.records.length) return null;
  const { records, labeler, fileName } = s.rankings;
  return { savedAt, query: experimentToQuery(s.experiment), activeStage: s.activeStage, pretrain: s.saved.pretrain ?? null, stages, rankings: { records, labeler, fileName } };
}

/** The experiment the pipeline was trained with (an uploaded corpus counts as present when the run kept one). */
export function pipelineExperiment(p: PipelineSnapshot, hasUpload: boolean): ParsedExperiment {
  return experimentFromQuery(p.query, { hasUpload });
}

/** What the pipeline holds, for the resume offer: one message per later stage, and the rankings. */
export function pipelineParts(p: PipelineSnapshot): Msg[] {
  const parts: Msg[] = [];
  if (p.stages.sft) parts.push(msg('resume.stages.sft', { step: p.stages.sft.step }));
  if (p.stages.reward) parts.push(msg('resume.stages.reward', { step: p.stages.reward.step }));
  if (p.stages.ppo) parts.push(msg('resume.stages.ppo', { step: p.stages.ppo.step }));
  if (p.rankings.records.length) parts.push(msg('resume.stages.rankings', { count: p.rankings.records.length }));
  return parts;
}

/** pipelineParts as one English line. */
export function describePipeline(p: PipelineSnapshot): string {
  return pipelineParts(p).map(english).join(', ');
}

/** Keeps `p`; null clears the record (nothing beyond pretraining is left). */
export function savePipeline(p: PipelineSnapshot | null): Promise<void> {
  return idbPut(KEY, p);
}

export async function loadPipeline(): Promise<PipelineSnapshot | null> {
  try {
    return (await idbGet<PipelineSnapshot>(KEY)) ?? null;
  } catch {
    return null;
  }
}
