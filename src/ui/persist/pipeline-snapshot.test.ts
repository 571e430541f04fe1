// Pipeline snapshots: each stage's curves are cut at its saved step, nothing is kept when there is nothing beyond
// pretraining, rankings and the stage settings (through the query) come back, and the resume line names it all.
import { describe, expect, it } from 'vitest';
import { STEP_COLUMNS, type SavedState } from '../../workers/protocol';
import { experimentFromPreset } from '../experiment/schema';
import { MetricSeries } from '../store/metrics';
import { freshRankings, freshStageRun } from '../store/stage-slice';
import { buildPipelineSnapshot, describePipeline, pipelineExperiment } from './pipeline-snapshot';

function run(steps: number) {
  const r = freshStageRun();
  const m = new MetricSeries();
  const k = STEP_COLUMNS.length;
  const rows = new Float32Array(steps * k);
  for (let s = 1; s <= steps; s++) rows.set([s, 1, 1, 1e-3, 30, 1000, 0.5, 0.1], (s - 1) * k);
  m.append(rows);
  return { ...r, metrics: m, step: steps, val: { step: [3, 6], loss: [1, 0.9], accuracy: [0.5, 0.6], margin: [0, 0.2] } };
}
const state = (stage: SavedState['stage'], step: number): SavedState => ({ stage, step, checkpoint: new Uint8Array(2), m: new Float32Array(1), v: new Float32Array(1) });

describe('pipeline snapshots', () => {
  const tiny = experimentFromPreset('tiny');
  const experiment = { ...tiny, sft: { ...tiny.sft, steps: 6, lambda: 0.5 }, reward: { ...tiny.reward, steps: 10 } };

  it('keeps nothing when only pretraining exists', () => {
    expect(buildPipelineSnapshot({ experiment, activeStage: 'pretrain', saved: { pretrain: state('pretrain', 5) }, stages: { sft: freshStageRun(), reward: freshStageRun(), ppo: freshStageRun() }, rankings: freshRankings() })).toBeNull();
  });

  it('cuts each stage at its saved step and keeps rankings and settings', () => {
    const rankings = { ...freshRankings(), records: [{ prompt: 'p', ranked: ['a', 'b'], source: 'hand' as const }] };
    const p = buildPipelineSnapshot({
      experiment, activeStage: 'reward', saved: { pretrain: state('pretrain', 40), sft: state('sft', 6), reward: state('reward', 4) },
      stages: { sft: run(6), reward: run(7), ppo: freshStageRun() }, rankings,
    }, 99)!;
    expect(p.savedAt).toBe(99);
    expect(p.pretrain?.step).toBe(40);
    expect(p.stages.sft).toMatchObject({ step: 6, done: true });
    expect(p.stages.reward).toMatchObject({ step: 4, done: false, val: { step: [3], loss: [1], accuracy: [0.5], margin: [0] } });
    expect(p.stages.reward!.rows.length / STEP_COLUMNS.length).toBe(4);
    expect(p.rankings.records).toEqual(rankings.records);
    expect(pipelineExperiment(p, false)).toEqual({ experiment, notices: [] });
    expect(describePipeline(p)).toBe('SFT step 6, reward model step 4, 1 rankings');
  });

  it('keeps PPO\'s rollout metrics and held-out evaluations up to its saved rollout', () => {
    const ppo = { ...run(3), ppoRollouts: [1, 2, 3].map((rollout) => ({ rollout, metrics: { 'objective/kl': rollout } })), ppoEvals: [{ rollout: 0, scores: 0, kl: 0, labelerScore: null }, { rollout: 3, scores: 1, kl: 2, labelerScore: 0.5 }] };
    const p = buildPipelineSnapshot({
      experiment, activeStage: 'ppo', saved: { sft: state('sft', 6), reward: state('reward', 4), ppo: state('ppo', 2) },
      stages: { sft: run(6), reward: run(4), ppo }, rankings: freshRankings(),
    }, 1)!;
    expect(p.stages.ppo).toMatchObject({ step: 2, done: false });
    expect(p.stages.ppo!.ppoRollouts!.map((r) => r.rollout)).toEqual([1, 2]);
    expect(p.stages.ppo!.ppoEvals!.map((v) => v.rollout)).toEqual([0]);
    expect(describePipeline(p)).toBe('SFT step 6, reward model step 4, PPO rollout 2');
  });
});
