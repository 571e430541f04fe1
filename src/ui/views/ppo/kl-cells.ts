// The per-token KL heatmap's data: one row per response, one cell per token with its log-ratio
// log π_RL − log π_SFT (nats) and both probabilities, the glyph shown in the cell, and the colour scale's half-range.
// The PPO curves' series: a TRL metric per rollout, with the non-finite values left out.
// Tested by kl-cells.test.ts.
import type { PpoRolloutView } from '../../../workers/protocol';
import type { PpoRolloutPoint } from '../../store/stage-slice';

export const END_OF_TEXT = '<|endoftext|>';

/** What a token shows as: newline ⏎, end of text ␃, a space ␣, else the character. */
export function tokenGlyph(token: string): string {
  if (token === '\n') return '⏎';
  if (token === END_OF_TEXT) return '␃';
  if (token === ' ') return '␣';
  return token;
}

export interface KlCell {
  row: number;
  col: number;
  token: string;
  glyph: string;
  /** log π_RL(token) − log π_SFT(token), nats. */
  diff: number;
  p: number;
  refP: number;
}

export interface KlGrid {
  rows: number;
  cols: number;
  cells: KlCell[];
  /** Half-range of the diverging colour scale: the largest |diff|, at least `minRange`. */
  range: number;
}

export function klGrid(view: Pick<PpoRolloutView, 'responses'>, minRange = 0.05): KlGrid {
  const cells: KlCell[] = [];
  let cols = 0;
  let range = minRange;
  view.responses.forEach((r, row) => {
    const n = Math.min(r.tokens.length, r.logp.length, r.refLogp.length);
    cols = Math.max(cols, n);
    for (let col = 0; col < n; col++) {
      const diff = r.logp[col] - r.refLogp[col];
      if (Number.isFinite(diff)) range = Math.max(range, Math.abs(diff));
      cells.push({ row, col, token: r.tokens[col], glyph: tokenGlyph(r.tokens[col]), diff, p: Math.exp(r.logp[col]), refP: Math.exp(r.refLogp[col]) });
    }
  });
  return { rows: view.responses.length, cols, cells, range };
}

/** One metric over the rollouts (x = rollout number), skipping rollouts where it is missing or not finite. */
export function metricSeries(points: readonly PpoRolloutPoint[], key: string): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (const p of points) {
    const v = p.metrics[key];
    if (v !== undefined && Number.isFinite(v)) {
      x.push(p.rollout);
      y.push(v);
    }
  }
  return { x, y };
}
