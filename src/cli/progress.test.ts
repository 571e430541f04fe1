// The CLI progress line: drawn on a terminal only (never with --json or on a pipe), rate and time left from the
// clock, redraws throttled, and cleared before other output.
import { describe, expect, it } from 'vitest';
import { formatDuration, Progress } from './progress';

function fake(isTTY: boolean) {
  const chunks: string[] = [];
  let ms = 0;
  return { stream: { isTTY, write: (c: string) => chunks.push(c) }, chunks, advance: (s: number) => (ms += s * 1000), now: () => ms };
}

describe('Progress', () => {
  it('shows done/total, the rate and the time left on a terminal', () => {
    const f = fake(true);
    const p = new Progress('train', 100, 'steps', { json: false, stream: f.stream, now: f.now });
    f.advance(10);
    p.update(20); // 2 steps/s, 80 steps left: 40 s
    expect(f.chunks).toEqual(['\rtrain 20/100 steps (20%) · 2.00 steps/s · 40s left\x1b[K']);
    f.advance(100);
    p.update(100);
    expect(f.chunks[1]).toBe('\rtrain 100/100 steps (100%) · 0.91 steps/s · 0s left\x1b[K');
    p.clear();
    expect(f.chunks[2]).toBe('\r\x1b[K');
    p.clear(); // nothing shown: nothing to erase
    expect(f.chunks.length).toBe(3);
  });

  it('draws nothing with --json or when stderr is not a terminal', () => {
    for (const [isTTY, json] of [[false, false], [true, true]]) {
      const f = fake(isTTY);
      const p = new Progress('eval', 10, 'windows', { json, stream: f.stream, now: f.now });
      f.advance(1);
      p.update(5);
      p.update(10);
      p.clear();
      expect(f.chunks).toEqual([]);
    }
  });

  it('throttles redraws but always draws the last unit', () => {
    const f = fake(true);
    const p = new Progress('sample', 4, 'prompts', { json: false, stream: f.stream, now: f.now, intervalMs: 1000 });
    f.advance(0.1);
    p.update(1);
    f.advance(0.1);
    p.update(2); // 100 ms after the last draw: skipped
    f.advance(0.1);
    p.update(4);
    expect(f.chunks.map((c) => c.match(/ (\d)\/4 /)![1])).toEqual(['1', '4']);
  });

  it('formats the time left', () => {
    expect([formatDuration(0.4), formatDuration(59), formatDuration(185), formatDuration(7620)]).toEqual(['0s', '59s', '3m05s', '2h07m']);
  });
});
