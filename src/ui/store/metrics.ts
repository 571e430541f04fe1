// Columnar, growable step metrics: one Float32Array per column, appended in place as batches arrive from the
// worker. Charts read them through a version counter (transient updates), never through React state.
// Tested by store.test.ts.
import { STEP_COLUMNS, type StepColumn } from '../../workers/protocol';

export class MetricSeries {
  length = 0;
  private capacity = 1024;
  readonly columns: Record<StepColumn, Float32Array>;

  constructor() {
    this.columns = Object.fromEntries(STEP_COLUMNS.map((c) => [c, new Float32Array(this.capacity)])) as Record<StepColumn, Float32Array>;
  }

  /** Appends rows laid out as (rows × STEP_COLUMNS.length). */
  append(rows: Float32Array): void {
    const k = STEP_COLUMNS.length;
    const n = rows.length / k;
    if (this.length + n > this.capacity) this.grow(this.length + n);
    for (let r = 0; r < n; r++) {
      STEP_COLUMNS.forEach((c, j) => (this.columns[c][this.length + r] = rows[r * k + j]));
    }
    this.length += n;
  }

  /** A view of the filled part of a column. */
  get(c: StepColumn): Float32Array {
    return this.columns[c].subarray(0, this.length);
  }

  /** The first `n` rows (all by default) laid out as `append` takes them: (n × STEP_COLUMNS.length). */
  toRows(n = this.length): Float32Array {
    const k = STEP_COLUMNS.length;
    const rows = new Float32Array(n * k);
    for (let r = 0; r < n; r++) STEP_COLUMNS.forEach((c, j) => (rows[r * k + j] = this.columns[c][r]));
    return rows;
  }

  private grow(min: number): void {
    while (this.capacity < min) this.capacity *= 2;
    for (const c of STEP_COLUMNS) {
      const next = new Float32Array(this.capacity);
      next.set(this.columns[c].subarray(0, this.length));
      this.columns[c] = next;
    }
  }
}
