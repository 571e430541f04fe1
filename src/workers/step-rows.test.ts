// StepRows: rows in STEP_COLUMNS order, nothing sent before the interval, everything sent by take().
import { describe, expect, it } from 'vitest';
import { STEP_COLUMNS } from './protocol';
import { StepRows } from './step-rows';

const metrics = (step: number) => ({ step, loss: 4 - step / 10, gradNorm: 1.5, lr: 1e-3, stepMs: 12, tokensPerSec: 2000, accuracy: NaN, margin: NaN });

describe('StepRows', () => {
  it('packs metrics row-major in STEP_COLUMNS order', () => {
    const rows = new StepRows(0);
    rows.push(metrics(1));
    rows.push(metrics(2));
    const data = rows.take()!;
    expect(data.length).toBe(2 * STEP_COLUMNS.length);
    expect(Array.from(data.subarray(STEP_COLUMNS.length))).toEqual(Array.from(new Float32Array(STEP_COLUMNS.map((c) => metrics(2)[c]))));
    expect(rows.take()).toBeNull();
  });

  it('is due only once the interval has passed since the last batch', () => {
    const rows = new StepRows(60_000);
    rows.push(metrics(1));
    expect(rows.due).toBe(false);
    expect(new StepRows(0).due).toBe(false); // nothing waiting
    const now = new StepRows(0);
    now.push(metrics(1));
    expect(now.due).toBe(true);
  });
});
