// Checks a loaded checkpoint's weights before a command computes with them: one NaN or infinity makes every loss
// NaN and every sample garbage, so the command fails with the file and the first bad tensor named instead.
// Tested by weights.test.ts and cli.test.ts.

import type { Gpt2Checkpoint } from '../engine/checkpoint/gpt2-checkpoint';

export function requireFiniteWeights(ckpt: Pick<Gpt2Checkpoint, 'flat' | 'layout'>, file: string): void {
  let bad = 0;
  let first = '';
  for (const s of ckpt.layout.specs) {
    const w = ckpt.flat.subarray(s.offset, s.offset + s.length);
    for (let i = 0; i < w.length; i++) {
      if (Number.isFinite(w[i])) continue;
      if (bad++ === 0) first = `${s.name}[${i}] = ${w[i]}`;
    }
  }
  if (bad > 0) throw new Error(`${file} holds ${bad} non-finite weight${bad === 1 ? '' : 's'} (first: ${first}): the checkpoint is damaged or was written after training diverged`);
}
