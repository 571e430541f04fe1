// Probe text and sample prompt that fit the training text: the defaults are English, so a run on a Chinese (or
// any other) corpus would probe a string whose characters the model has never seen (they are dropped). When
// fewer than half of a setting's characters occur in the training text, it is replaced by the text's own opening
// (its first non-empty line, cut at a word or clause boundary); settings the text covers are kept as they are.
// Tested by probe-fit.test.ts.

import type { ProbeSettings } from '../../workers/protocol';

/** Longest probe text taken from the corpus (the attention view stays legible), and longest sample prompt. */
const PROBE_CHARS = 30;
const PROMPT_CHARS = 12;

/** Share of a setting's characters that must occur in the text for it to stay. */
const MIN_COVERED = 0.5;

function covered(text: string, chars: ReadonlySet<string>): number {
  const cs = Array.from(text);
  return cs.length ? cs.filter((c) => chars.has(c)).length / cs.length : 0;
}

/** The first `most` characters of `line`, cut after the last space or clause mark if one falls in the second half. */
function opening(line: string, most: number): string {
  const cs = Array.from(line);
  if (cs.length <= most) return line;
  const head = cs.slice(0, most);
  for (let i = head.length - 1; i >= most / 2; i--) if (/[\s,，。.!！?？;；:：、]/.test(head[i])) return head.slice(0, i + 1).join('').trimEnd();
  return head.join('');
}

/** `probes` with the probe text and sample prompt replaced by the corpus's opening where the corpus does not
 *  cover them; the same object when nothing changes. */
export function fitProbesToText(probes: ProbeSettings, corpus: string): ProbeSettings {
  const line = corpus.slice(0, 4096).split('\n').map((l) => l.trim()).find((l) => l.length > 0);
  if (!line) return probes;
  const chars = new Set(Array.from(corpus.length > 1_000_000 ? corpus.slice(0, 1_000_000) : corpus));
  const patch: Partial<ProbeSettings> = {};
  if (covered(probes.probeText, chars) < MIN_COVERED) patch.probeText = opening(line, PROBE_CHARS);
  if (covered(probes.samplePrompt, chars) < MIN_COVERED) patch.samplePrompt = opening(line, PROMPT_CHARS);
  return Object.keys(patch).length ? { ...probes, ...patch } : probes;
}
