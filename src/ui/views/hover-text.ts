// Tooltip sentences for the heatmaps, worded so a student can read them aloud. Tested by hover-text.test.ts.
import { quoteToken } from './token-label';

/** "query 'x' (pos i) → key 'y' (pos j): 0.42" */
export function attentionHoverText(tokens: string[], query: number, key: number, weight: number, head?: number): string {
  const prefix = head === undefined ? '' : `head ${head + 1}: `;
  const w = key > query ? 'masked (a query cannot see later keys)' : weight.toFixed(2);
  return `${prefix}query ${quoteToken(tokens[query] ?? '')} (pos ${query}) → key ${quoteToken(tokens[key] ?? '')} (pos ${key}): ${w}`;
}

/** "'x' (pos i), channel c: 0.123" */
export function activationHoverText(tokens: string[], pos: number, channel: number, value: number): string {
  return `${quoteToken(tokens[pos] ?? '')} (pos ${pos}), channel ${channel}: ${value.toFixed(3)}`;
}
