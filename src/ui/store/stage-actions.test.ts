// Pipeline store: later-stage events land in their own slice (pretraining's curves untouched), validation keeps
// accuracy and margin, a reset clears only that stage, stages open once the stage before has a checkpoint, the
// status line reads right, and rankings from one source are replaced without losing hand rankings.
import { beforeEach, describe, expect, it } from 'vitest';
import { STEP_COLUMNS, type SavedState, type Stage } from '../../workers/protocol';
import { experimentFromPreset } from '../experiment/schema';
import { stageActions } from './stage-actions';
import { stageInit, stageOpen, stageRunState, stageStatusText, stageStep } from './stage-select';
import { rankingsJsonl } from './stage-slice';
import { actions, initialState, useLab } from './store';

function rows(first: number, n: number, accuracy = NaN): Float32Array {
  const k = STEP_COLUMNS.length;
  const out = new Float32Array(n * k);
  for (let r = 0; r < n; r++) out.set([first + r, 2 - (first + r) / 100, 1, 1e-3, 30, 1000, accuracy, accuracy - 0.5], r * k);
  return out;
}
const saved = (stage: Stage, step: number): SavedState => ({ stage, step, checkpoint: new Uint8Array([step]), m: new Float32Array(1), v: new Float32Array(1) });

beforeEach(() => useLab.setState(initialState(experimentFromPreset('tiny')), true));

describe('pipeline store', () => {
  it('keeps each stage\'s curves apart from pretraining\'s', () => {
    actions.appendSteps(rows(1, 5));
    stageActions.appendSteps('sft', rows(1, 3));
    stageActions.appendSteps('reward', rows(1, 2, 0.75));
    stageActions.addVal('reward', { step: 2, loss: 0.6, accuracy: 0.8, margin: 0.3 });
    stageActions.addVal('sft', { step: 3, loss: 1.5 });
    const s = useLab.getState();
    expect(s.metrics.length).toBe(5);
    expect(s.stages.sft.metrics.length).toBe(3);
    expect(stageStep(s, 'sft')).toBe(3);
    expect(Array.from(s.stages.reward.metrics.get('accuracy'))).toEqual([0.75, 0.75]);
    expect(s.stages.reward.val).toEqual({ step: [2], loss: [0.6], accuracy: [0.8], margin: [0.3] });
    expect(s.stages.sft.val.accuracy[0]).toBeNaN();
    actions.resetRun();
    expect(useLab.getState().stages.sft.metrics.length).toBe(3);
    stageActions.reset('sft');
    expect(useLab.getState().stages.sft.metrics.length).toBe(0);
    expect(useLab.getState().stages.reward.metrics.length).toBe(2);
  });

  it('opens SFT once pretraining has a checkpoint, the reward model once SFT has one, PPO once the reward model has one', () => {
    const s0 = useLab.getState();
    expect(['pretrain', 'sft', 'reward', 'ppo'].map((st) => stageOpen(s0, st as Stage))).toEqual([true, false, false, false]);
    stageActions.setSaved('pretrain', saved('pretrain', 40));
    const s1 = useLab.getState();
    expect(stageOpen(s1, 'sft')).toBe(true);
    expect(stageOpen(s1, 'reward')).toBe(false);
    expect(stageInit(s1, 'sft')?.step).toBe(40);
    stageActions.setSaved('sft', saved('sft', 6));
    expect(stageOpen(useLab.getState(), 'reward')).toBe(true);
    expect(stageOpen(useLab.getState(), 'ppo')).toBe(false);
    stageActions.setSaved('reward', saved('reward', 5));
    expect(stageOpen(useLab.getState(), 'ppo')).toBe(true);
    actions.resetRun(); // pretraining reset: SFT keeps its own run and checkpoint
    expect(stageInit(useLab.getState(), 'sft')).toBeNull();
    expect(stageOpen(useLab.getState(), 'reward')).toBe(true);
  });

  it('says where each stage stands', () => {
    const e = useLab.getState().experiment;
    actions.setExperiment({ ...e, sft: { ...e.sft, steps: 6 } });
    expect(stageStatusText(useLab.getState(), 'sft')).toBe('not started');
    stageActions.start('sft', { stage: 'pretrain', step: 40 });
    stageActions.appendSteps('sft', rows(1, 2));
    expect(stageStatusText(useLab.getState(), 'sft')).toBe('training · step 2 / 6');
    stageActions.setRunState('sft', 'done', 6);
    expect(stageStatusText(useLab.getState(), 'sft')).toBe('done · step 6');
    expect(stageRunState(useLab.getState(), 'sft')).toBe('done');
    expect(stageStatusText(useLab.getState(), 'ppo')).toBe('not started');
  });

  it('restores a saved stage as paused or done', () => {
    stageActions.restore('reward', { rows: rows(1, 4, 0.5), val: { step: [4], loss: [0.7], accuracy: [0.5], margin: [0] }, from: { stage: 'sft', step: 6 }, samples: [], sftExample: null, rewardEval: null, step: 4, done: false });
    const run = useLab.getState().stages.reward;
    expect(run).toMatchObject({ runState: 'paused', step: 4, from: { stage: 'sft', step: 6 } });
    expect(run.metrics.length).toBe(4);
  });

  it('keeps every PPO rollout\'s metrics, the latest rollout and the held-out evaluations', () => {
    const view = (rollout: number) => ({ rollout, metrics: { 'objective/scores': rollout / 10 }, responses: [] });
    stageActions.addPpoRollout(view(1));
    stageActions.addPpoRollout(view(2));
    stageActions.addPpoEval({ rollout: 2, scores: 0.3, kl: 0.1, labelerScore: null });
    const run = useLab.getState().stages.ppo;
    expect(run.ppoRollouts.map((r) => r.metrics['objective/scores'])).toEqual([0.1, 0.2]);
    expect(run.ppoLatest?.rollout).toBe(2);
    expect(run.ppoEvals).toHaveLength(1);
    stageActions.reset('ppo');
    expect(useLab.getState().stages.ppo.ppoRollouts).toEqual([]);
  });

  it('replaces labeler rankings without losing hand rankings, and writes them as JSONL', () => {
    stageActions.addRanking({ prompt: '小猫？', ranked: ['好。', '不'], source: 'hand' });
    stageActions.replaceSource('labeler', [{ prompt: 'a', ranked: ['x', 'y'], source: 'labeler' }], { labeler: 'concise' });
    stageActions.replaceSource('labeler', [{ prompt: 'b', ranked: ['z', 'w', ''], source: 'labeler' }], { labeler: 'positive' });
    const r = useLab.getState().rankings;
    expect(r.records.map((x) => [x.prompt, x.source])).toEqual([['b', 'labeler'], ['小猫？', 'hand']]);
    expect(r.labeler).toBe('positive');
    expect(rankingsJsonl(r.records)).toBe('{"prompt":"b","ranked":["z","w",""]}\n{"prompt":"小猫？","ranked":["好。","不"]}');
    stageActions.removeRanking(1);
    expect(useLab.getState().rankings.records).toHaveLength(1);
  });
});
