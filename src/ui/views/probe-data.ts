// Reads the worker's flat probe tensors (src/workers/protocol.ts) into what one chart draws: a layer of the
// residual stream, one attention head, a token's neighbours, per-layer statistics over steps.
// Tested by probe-data.test.ts.
import type { ActivationView, AttentionView, EmbeddingView } from '../../workers/protocol';
import type { ActivationStatsPoint } from '../store/store';
import { t } from '../i18n/i18n';

/** Residual stream after `layer` (0 = embeddings): a (T, C) view, no copy. */
export function residualLayer(view: ActivationView, layer: number): Float32Array {
  const n = view.T * view.C;
  return view.residual.subarray(layer * n, (layer + 1) * n);
}

/** Histogram counts of one layer: a (bins) view. */
export function layerHistogram(view: ActivationView, layer: number): Float32Array {
  return view.histogram.subarray(layer * view.bins, (layer + 1) * view.bins);
}

/** Attention probabilities of block `layer`, head `head`: a (T, T) view (rows queries, columns keys). */
export function attentionHead(view: AttentionView, layer: number, head: number): Float32Array {
  const n = view.T * view.T;
  const o = (layer * view.NH + head) * n;
  return view.weights.subarray(o, o + n);
}

export interface Neighbour {
  index: number;
  token: string;
  similarity: number;
}

/** Token i's nearest neighbours by cosine similarity, most similar first, itself excluded. */
export function neighboursOf(view: EmbeddingView, i: number): Neighbour[] {
  const out: Neighbour[] = [];
  for (let k = 0; k < view.K; k++) {
    const index = view.neighbours[i * view.K + k];
    if (index < 0 || index === i || index >= view.tokens.length) continue;
    out.push({ index, token: view.tokens[index], similarity: view.similarity[i * view.K + k] });
  }
  return out.sort((a, b) => b.similarity - a.similarity);
}

export const STAT = { mean: 0, std: 1, min: 2, max: 3 } as const;

/** One statistic per layer over the probes so far: steps (n) and, per layer, values (n). */
export function layerSeries(history: readonly Pick<ActivationStatsPoint, 'step' | 'stats'>[], stat: number): { steps: Float64Array; layers: Float64Array[] } {
  const steps = Float64Array.from(history, (p) => p.step);
  const L = history.length ? history[history.length - 1].stats.length / 4 : 0;
  const layers = Array.from({ length: L }, (_, l) => Float64Array.from(history, (p) => (l * 4 + stat < p.stats.length ? p.stats[l * 4 + stat] : NaN)));
  return { steps, layers };
}

/** Name of a residual-stream layer: 0 is the embedding output, l the output of block l. */
export function layerName(layer: number): string {
  return layer === 0 ? t('views.layerName.embeddings') : t('views.layerName.block', { n: layer });
}
