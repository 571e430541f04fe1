// in-context.mjs: same seed → same bytes; every corpus block follows one code (all its symbols map to one label,
// drawn afresh per block); task file: one task per code with the corpus's notation, distinct inputs, one label, an
// 8-shot prompt within a 64-token context; every character in the corpus; sizes.
import { describe, expect, it } from 'vitest';
import { ICL_SYMBOLS, ICL_TEMPLATE, inContextLesson } from './in-context.mjs';
import { readTaskFile, taskChars } from './read-task-file';
import { fill } from './task-file.mjs';

const length = (s: string) => Array.from(s).length;

describe.each(['en', 'zh'] as const)('in-context lesson (%s)', (language) => {
  const { corpus, tasks: taskText } = inContextLesson(language, 3);
  const tasks = readTaskFile(taskText, `in-context-${language}`);
  const { symbols, labels } = ICL_SYMBOLS[language];

  /** Checks lines "symbol>label" follow one code (one label for every symbol); returns it. */
  const codeOf = (pairs: [string, string][], where: string) => {
    for (const [symbol, label] of pairs) {
      expect(symbols, `${where}: ${symbol}`).toContain(symbol);
      expect(labels, where).toContain(label);
    }
    expect(new Set(pairs.map(([, label]) => label)).size, where).toBe(1);
    return pairs[0][1];
  };

  it('is deterministic in its seed', () => {
    expect(inContextLesson(language, 3)).toEqual({ corpus, tasks: taskText });
    expect(inContextLesson(language, 4).corpus).not.toBe(corpus);
  });

  it('writes blocks of 12 lines, each following its own code', () => {
    const blocks = corpus.trimEnd().split('\n\n');
    expect(blocks.length).toBeGreaterThan(2000);
    const rules = new Set<string>();
    for (const [b, block] of blocks.entries()) {
      const pairs = block.split('\n').map((l) => {
        expect(l, `block ${b}`).toMatch(/^.>.$/u);
        return Array.from(l).filter((_, i) => i !== 1) as [string, string];
      });
      expect(pairs.length).toBe(12);
      rules.add(codeOf(pairs, `block ${b}`));
    }
    // Codes drawn afresh: every label occurs.
    expect(rules.size, 'codes drawn afresh').toBe(labels.length);
  });

  it('writes one task per code in the corpus notation', () => {
    expect(tasks.length).toBe(40);
    for (const t of tasks) {
      expect(t.template).toBe(ICL_TEMPLATE);
      expect(t.items.length).toBe(12);
      expect(new Set(t.items.map((x) => x.input)).size, 'distinct inputs').toBe(12);
      codeOf(t.items.map((x) => [x.input, x.target]), t.task);
      for (const { input, target } of t.items) expect(fill(t.template, input) + target).toMatch(/^.>.$/u);
      // 8 demonstrations (each with its newline) and the query fit a 64-token context.
      const longest = Math.max(...t.items.map((x) => length(fill(t.template, x.input) + x.target)));
      expect(8 * (longest + 1) + longest - 1).toBeLessThanOrEqual(64);
    }
  });

  it('uses only the corpus characters and stays small', () => {
    const chars = new Set(Array.from(corpus));
    expect([...taskChars(tasks)].filter((c) => !chars.has(c))).toEqual([]);
    expect(Buffer.byteLength(corpus)).toBeLessThan(400_000);
  });
});
