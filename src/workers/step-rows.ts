// Batches per-step metrics into the row-major Float32Array of protocol.ts (STEP_COLUMNS per row), so the page
// gets one transferred message per ~100 ms instead of one per step. Tested by step-rows.test.ts.

import type { StepMetrics } from '../engine/train/trainer';
import { STEP_COLUMNS } from './protocol';

export class StepRows {
  private values: number[] = [];
  private lastTake: number;

  /** `intervalMs`: how long rows may wait before `due` says to send them. */
  constructor(private readonly intervalMs = 100) {
    this.lastTake = performance.now();
  }

  push(m: StepMetrics): void {
    for (const c of STEP_COLUMNS) this.values.push(m[c]);
  }

  /** Rows are waiting and the last batch went out at least `intervalMs` ago. */
  get due(): boolean {
    return this.values.length > 0 && performance.now() - this.lastTake >= this.intervalMs;
  }

  /** The waiting rows as (rows × STEP_COLUMNS.length), or null if none; resets the interval. */
  take(): Float32Array | null {
    this.lastTake = performance.now();
    if (!this.values.length) return null;
    const rows = new Float32Array(this.values);
    this.values = [];
    return rows;
  }
}
