// Slices of the flat probe tensors land on the right layer/head; neighbours and per-layer series read right.
import { describe, expect, it } from 'vitest';
import type { ActivationView, AttentionView, EmbeddingView } from '../../workers/protocol';
import { attentionHead, layerHistogram, layerName, layerSeries, neighboursOf, residualLayer, STAT } from './probe-data';

describe('probe data', () => {
  it('slices a residual layer and its histogram', () => {
    const view = { T: 2, C: 3, layers: 2, bins: 2, residual: Float32Array.from({ length: 12 }, (_, i) => i), histogram: Float32Array.from([1, 2, 3, 4]) } as unknown as ActivationView;
    expect(Array.from(residualLayer(view, 1))).toEqual([6, 7, 8, 9, 10, 11]);
    expect(Array.from(layerHistogram(view, 1))).toEqual([3, 4]);
  });
  it('slices one attention head', () => {
    const T = 2;
    const view = { L: 2, NH: 3, T, weights: Float32Array.from({ length: 2 * 3 * T * T }, (_, i) => i) } as unknown as AttentionView;
    expect(Array.from(attentionHead(view, 1, 2))).toEqual([20, 21, 22, 23]);
  });
  it('lists neighbours most similar first, without the token itself', () => {
    const view = { tokens: ['a', 'b', 'c'], K: 2, neighbours: Int32Array.from([0, 2, 2, 0, 1, 0]), similarity: Float32Array.from([1, 0.3, 0.9, 0.5, 0.2, 0.7]) } as unknown as EmbeddingView;
    expect(neighboursOf(view, 0)).toEqual([{ index: 2, token: 'c', similarity: expect.closeTo(0.3, 6) }]);
    expect(neighboursOf(view, 2).map((n) => n.token)).toEqual(['a', 'b']);
  });
  it('turns stats history into one series per layer', () => {
    const history = [
      { step: 0, stats: Float32Array.from([0, 1, -2, 2, 0.5, 2, -4, 4]) },
      { step: 25, stats: Float32Array.from([0.1, 1.5, -3, 3, 0.2, 3, -5, 5]) },
    ];
    const { steps, layers } = layerSeries(history, STAT.std);
    expect(Array.from(steps)).toEqual([0, 25]);
    expect(layers.map((l) => Array.from(l))).toEqual([[1, 1.5], [2, 3]]);
  });
  it('names layers', () => {
    expect([0, 1, 2].map(layerName)).toEqual(['embeddings', 'after block 1', 'after block 2']);
  });
});
