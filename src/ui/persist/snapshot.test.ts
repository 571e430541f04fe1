// Snapshots: curves and validation points are cut at the saved step (later steps will be retrained), uploads
// travel only with runs that used them, and the experiment comes back from the stored query.
import { describe, expect, it } from 'vitest';
import { STEP_COLUMNS, type SavedState } from '../../workers/protocol';
import { experimentFromPreset } from '../experiment/schema';
import { MetricSeries } from '../store/metrics';
import { buildSnapshot, snapshotExperiment } from './snapshot';

function series(steps: number): MetricSeries {
  const m = new MetricSeries();
  const k = STEP_COLUMNS.length;
  const rows = new Float32Array(steps * k);
  for (let s = 1; s <= steps; s++) rows.set([s, 4 - s / 100, 1, 1e-3, 30, 1000], (s - 1) * k);
  m.append(rows);
  return m;
}

const state = (step: number): SavedState => ({ stage: 'pretrain', step, checkpoint: new Uint8Array(4), m: new Float32Array(2), v: new Float32Array(2) });
const upload = { name: 'mine.txt', text: 'my own text' };

describe('snapshots', () => {
  it('keeps the curves up to the saved step', () => {
    const e = { ...experimentFromPreset('tiny'), model: { ...experimentFromPreset('tiny').model, nLayer: 3 } };
    const s = buildSnapshot(state(50), e, upload, series(60), { step: [25, 50, 60], loss: [3, 2.5, 2.4] }, 1234);
    expect(s.rows.length / STEP_COLUMNS.length).toBe(50);
    expect(s.rows[49 * STEP_COLUMNS.length]).toBe(50);
    expect(s.val).toEqual({ step: [25, 50], loss: [3, 2.5] });
    expect(s.upload).toBeNull();
    expect(s.savedAt).toBe(1234);
    expect(snapshotExperiment(s)).toEqual({ experiment: e, notices: [] });
  });

  it('carries the uploaded text of a run trained on it', () => {
    const e = { ...experimentFromPreset('tiny'), dataset: 'upload' };
    const s = buildSnapshot(state(10), e, upload, series(10), { step: [], loss: [] });
    expect(s.upload).toEqual(upload);
    expect(snapshotExperiment(s)).toEqual({ experiment: e, notices: [] });
  });
});
