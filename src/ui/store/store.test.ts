// Store actions: metric batches grow the columnar series and bump the version charts subscribe to, a reset
// clears the run but keeps the experiment and notices, saved curves come back, notices come and go.
import { beforeEach, describe, expect, it } from 'vitest';
import { STEP_COLUMNS } from '../../workers/protocol';
import { experimentFromPreset } from '../experiment/schema';
import { ACTIVATION_HISTORY_CAP, actions, appendThinned, initialState, useLab } from './store';

/** Rows (step, loss, gradNorm, lr, stepMs, tokensPerSec) for steps first..first+n-1, loss = 4 - step/100. */
function rows(first: number, n: number): Float32Array {
  const k = STEP_COLUMNS.length;
  const out = new Float32Array(n * k);
  for (let r = 0; r < n; r++) out.set([first + r, 4 - (first + r) / 100, 1, 1e-3, 30, 1000], r * k);
  return out;
}

beforeEach(() => useLab.setState(initialState(experimentFromPreset('tiny')), true));

describe('store', () => {
  it('appendSteps grows the series, bumps metricsVersion and moves the step', () => {
    actions.appendSteps(rows(1, 3));
    actions.appendSteps(rows(4, 2000)); // past the initial capacity
    const s = useLab.getState();
    expect(s.metricsVersion).toBe(2);
    expect(s.step).toBe(2003);
    expect(s.metrics.length).toBe(2003);
    expect(s.metrics.get('step')[2002]).toBe(2003);
    expect(s.metrics.get('loss')[0]).toBeCloseTo(3.99, 6);
    expect(s.metrics.toRows(3)).toEqual(rows(1, 3));
  });

  it('notifies subscribers of metricsVersion without touching other slices', () => {
    const seen: number[] = [];
    const unsubscribe = useLab.subscribe((s) => s.metricsVersion, (v) => seen.push(v));
    const experiment = useLab.getState().experiment;
    actions.appendSteps(rows(1, 1));
    actions.appendSteps(rows(2, 1));
    unsubscribe();
    expect(seen).toEqual([1, 2]);
    expect(useLab.getState().experiment).toBe(experiment);
  });

  it('resetRun clears the run and keeps the experiment, notices and adapter', () => {
    actions.patchTrain({ lr: 0.01 });
    actions.notify('info', 'hello');
    actions.appendSteps(rows(1, 5));
    actions.addVal(5, 3.5);
    actions.setRunState('paused', 5);
    actions.fail('boom');
    actions.resetRun();
    const s = useLab.getState();
    expect(s).toMatchObject({ runState: 'idle', step: 0, error: null, metricsVersion: 0, val: { step: [], loss: [] }, samples: [] });
    expect(s.metrics.length).toBe(0);
    expect(s.experiment.train.lr).toBe(0.01);
    expect(s.notices.map((n) => n.text)).toEqual(['hello']);
  });

  it('restoreMetrics puts saved curves back', () => {
    actions.restoreMetrics(rows(1, 10), { step: [5, 10], loss: [3.9, 3.8] });
    const s = useLab.getState();
    expect(s.metrics.length).toBe(10);
    expect(s.metricsVersion).toBe(1);
    expect(s.val).toEqual({ step: [5, 10], loss: [3.9, 3.8] });
  });

  it('adds and dismisses notices with distinct ids', () => {
    actions.notify('warning', 'a');
    actions.notify('error', 'b');
    const [a, b] = useLab.getState().notices;
    expect(a.id).not.toBe(b.id);
    expect(b.level).toBe('error');
    actions.dismiss(a.id);
    expect(useLab.getState().notices.map((n) => n.text)).toEqual(['b']);
    actions.notify('info', 'c');
    actions.dismissErrors();
    expect(useLab.getState().notices.map((n) => n.text)).toEqual(['c']);
  });

  it('appendThinned drops every other entry, keeping the first, once the cap is reached', () => {
    expect(appendThinned([1, 2, 3], 4, 5)).toEqual([1, 2, 3, 4]);
    expect(appendThinned([1, 2, 3, 4, 5], 6, 5)).toEqual([1, 3, 5, 6]);
  });

  it('fail records the error and the state', () => {
    actions.fail('device lost');
    expect(useLab.getState()).toMatchObject({ runState: 'error', error: 'device lost' });
  });

  it('keeps activation stats and histograms over time and the newest samples first', () => {
    const view = (step: number) => ({ step, tokens: ['a'], layers: 1, T: 1, C: 1, residual: new Float32Array(1), stats: new Float32Array(4), bins: 2, histogram: Float32Array.of(step, 1), histMin: -step, histMax: step });
    actions.setActivations(view(10));
    actions.setActivations(view(20));
    const history = useLab.getState().activationHistory;
    expect(history.map((p) => p.step)).toEqual([10, 20]);
    expect(history[1]).toMatchObject({ bins: 2, histMin: -20, histMax: 20 });
    expect(Array.from(history[1].histogram)).toEqual([20, 1]);
    expect(history[1]).not.toHaveProperty('residual');
    for (let s = 30; s < 10 * (ACTIVATION_HISTORY_CAP + 5); s += 10) actions.setActivations(view(s));
    const long = useLab.getState().activationHistory;
    expect(long.length).toBeLessThanOrEqual(ACTIVATION_HISTORY_CAP);
    expect(long[0].step).toBe(10);
    expect(long.at(-1)!.step).toBe(10 * (ACTIVATION_HISTORY_CAP + 4));
    for (let i = 0; i < 25; i++) actions.addSample({ stage: 'pretrain', step: i, prompt: '', text: String(i), temperature: 1, topK: 0 });
    const samples = useLab.getState().samples;
    expect(samples).toHaveLength(20);
    expect(samples[0].step).toBe(24);
  });
});
