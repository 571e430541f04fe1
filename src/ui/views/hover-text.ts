// Tooltip sentences for the heatmaps, worded so a student can read them aloud. Tested by hover-text.test.ts.
import { quoteToken } from './token-label';
import { t } from '../i18n/i18n';

/** "query 'x' (pos i) → key 'y' (pos j): 0.42" */
export function attentionHoverText(tokens: string[], query: number, key: number, weight: number, head?: number): string {
  const prefix = head === undefined ? '' : t('attention.hoverHead', { n: head + 1 });
  const w = key > query ? t('attention.hoverMasked') : weight.toFixed(2);
  return t('attention.hover', { prefix, q: quoteToken(tokens[query] ?? ''), qpos: query, k: quoteToken(tokens[key] ?? ''), kpos: key, w });
}

/** "'x' (pos i), channel c: 0.123" */
export function activationHoverText(tokens: string[], pos: number, channel: number, value: number): string {
  return t('activations.hover', { token: quoteToken(tokens[pos] ?? ''), pos, channel, value: value.toFixed(3) });
}
