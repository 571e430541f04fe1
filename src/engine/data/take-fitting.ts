// Filling a batch of B rows with items of several sequences each (a ranked group of K responses, a GPT-1 example of
// one sequence per choice): items are taken in order until the next would overflow. Shared by the reward model's
// and the task heads' training batches. Tested by task-batch.test.ts and stage-data.test.ts.

/** Takes items in `next()` order until the next one would not fit in B rows (at least one). An item that did not
 *  fit waits in `pending` for the next call. */
export function takeFitting<G extends { seqs: readonly unknown[] }>(next: () => G, pending: G[], B: number): G[] {
  const out: G[] = [];
  let used = 0;
  for (;;) {
    const g = pending.length ? pending[0] : next();
    if (used + g.seqs.length > B) {
      if (!pending.length) pending.push(g);
      return out;
    }
    if (pending.length) pending.shift();
    out.push(g);
    used += g.seqs.length;
  }
}
