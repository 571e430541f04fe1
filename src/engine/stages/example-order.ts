// The order in which a stage visits its training examples: seeded shuffled epochs (every example once per epoch),
// so the same seed gives the same batches and a resumed run can skip exactly the examples already seen.
// Tested by stage-data.test.ts.

import { LabError } from '../errors';
import { Rng } from '../rng';

export class ExampleOrder {
  private readonly rng: Rng;
  private order: number[] = [];
  private at = 0;

  constructor(readonly count: number, seed: number) {
    if (!Number.isInteger(count) || count < 1) throw new Error(`ExampleOrder: needs at least one example (got ${count})`);
    this.rng = new Rng(seed);
  }

  /** The next example's index. */
  next(): number {
    if (this.at === this.order.length) {
      this.order = Array.from({ length: this.count }, (_, i) => i);
      for (let i = this.count - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
      }
      this.at = 0;
    }
    return this.order[this.at++];
  }

  /** Skips `n` examples (to resume a run). */
  fastForward(n: number): void {
    for (let i = 0; i < n; i++) this.next();
  }
}

/** The last `fraction` of `items` (at least one, and at least one left for training) as held-out data. */
export function splitHeldOut<T>(items: readonly T[], fraction: number, what: string): { train: T[]; val: T[] } {
  if (items.length < 2) {
    throw new LabError('records-too-few', { file: what, count: items.length }, `${what}: needs at least 2 records (one to train on, one held out), got ${items.length}`);
  }
  const nVal = Math.min(items.length - 1, Math.max(1, Math.round(items.length * fraction)));
  return { train: items.slice(0, items.length - nVal), val: items.slice(items.length - nVal) };
}
