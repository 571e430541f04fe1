// The KL heatmap's cells (log-ratio, probabilities, glyphs, colour range) and the PPO curves' series.
import { describe, expect, it } from 'vitest';
import type { PpoRolloutPoint } from '../../store/stage-slice';
import { klGrid, metricSeries, tokenGlyph } from './kl-cells';

describe('PPO views data', () => {
  it('shows newline, end of text and space as visible glyphs', () => {
    expect(['a', '\n', '<|endoftext|>', ' ', '猫'].map(tokenGlyph)).toEqual(['a', '⏎', '␃', '␣', '猫']);
  });

  it('lays out one row per response and one cell per token with log π − log π_SFT', () => {
    const g = klGrid({
      responses: [
        { prompt: 'p', tokens: ['a', '<|endoftext|>'], logp: Float32Array.of(Math.log(0.5), Math.log(0.25)), refLogp: Float32Array.of(Math.log(0.25), Math.log(0.25)), score: 1, labelerScore: null },
        { prompt: 'q', tokens: ['b'], logp: Float32Array.of(Math.log(0.1)), refLogp: Float32Array.of(Math.log(0.2)), score: 0, labelerScore: 0.5 },
      ],
    });
    expect(g.rows).toBe(2);
    expect(g.cols).toBe(2);
    expect(g.cells.map((c) => [c.row, c.col, c.glyph])).toEqual([[0, 0, 'a'], [0, 1, '␃'], [1, 0, 'b']]);
    expect(g.cells[0].diff).toBeCloseTo(Math.log(2), 5);
    expect(g.cells[0].p).toBeCloseTo(0.5, 5);
    expect(g.cells[0].refP).toBeCloseTo(0.25, 5);
    expect(g.range).toBeCloseTo(Math.log(2), 5);
    expect(klGrid({ responses: [] })).toEqual({ rows: 0, cols: 0, cells: [], range: 0.05 });
  });

  it('reads one metric per rollout, leaving out missing and non-finite values', () => {
    const pts: PpoRolloutPoint[] = [{ rollout: 1, metrics: { a: 1, b: NaN } }, { rollout: 2, metrics: { a: 3 } }, { rollout: 3, metrics: { a: Infinity, b: 2 } }];
    expect(metricSeries(pts, 'a')).toEqual({ x: [1, 2], y: [1, 3] });
    expect(metricSeries(pts, 'b')).toEqual({ x: [3], y: [2] });
  });
});
