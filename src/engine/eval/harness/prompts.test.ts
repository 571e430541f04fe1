// k-shot prompt assembly: the exact text for k = 0, 1, 2 with and without a template and a description; the test
// item (and any item with its input) never among its demonstrations, over many seeds; same seed → same prompt,
// other seeds → other demonstrations; k-shot demonstrations are a prefix of the (k+1)-shot ones; too few
// candidates is refused naming the task, k and the item.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { buildPrompt, drawDemos, fillTemplate } from './prompts';
import type { Task, TaskItem } from './task-file';

const item = (input: string, target: string, line: number): TaskItem => ({ input, target, at: `t.jsonl:${line}` });
const x = item('2+2=', '4', 1);
const bare: Task = { name: 'add', template: '{input}', mode: 'exact', items: [] };
const full: Task = { ...bare, description: 'Add the numbers.', template: 'Q: {input}\nA:' };

describe('buildPrompt', () => {
  it('assembles the exact text for k = 0, 1 and 2', () => {
    // One candidate besides the test item (and an item with the test item's input, which is never drawn).
    const one = [x, item('1+2=', '3', 2), item('2+2=', 'four', 3)];
    expect(buildPrompt(bare, x, 0, one, 1)).toBe('2+2=');
    expect(buildPrompt(full, x, 0, one, 1)).toBe('Add the numbers.\nQ: 2+2=\nA:');
    expect(buildPrompt(bare, x, 1, one, 1)).toBe('1+2=3\n2+2=');
    expect(buildPrompt(full, x, 1, one, 1)).toBe('Add the numbers.\nQ: 1+2=\nA:3\nQ: 2+2=\nA:');
    // Two candidates: their order is the seeded draw's (seed 1 puts 1+2= first, seed 2 puts 3+3= first).
    const two = [...one, item('3+3=', '6', 4)];
    expect(buildPrompt(bare, x, 2, two, 1)).toBe('1+2=3\n3+3=6\n2+2=');
    expect(buildPrompt(bare, x, 2, two, 2)).toBe('3+3=6\n1+2=3\n2+2=');
    expect(buildPrompt(full, x, 2, two, 2)).toBe('Add the numbers.\nQ: 3+3=\nA:6\nQ: 1+2=\nA:3\nQ: 2+2=\nA:');
    const seeds = Array.from({ length: 20 }, (_, s) => buildPrompt(bare, x, 2, two, s));
    expect(new Set(seeds)).toEqual(new Set(['3+3=6\n1+2=3\n2+2=', '1+2=3\n3+3=6\n2+2=']));
  });

  it('places the input literally, even one with $& or {input} in it', () => {
    expect(fillTemplate('Q: {input} A:', 'a $& b')).toBe('Q: a $& b A:');
    expect(fillTemplate('<{input}>', '{input}')).toBe('<{input}>');
  });

  it('never uses the test item, nor an item with its input, as a demonstration (many seeds)', () => {
    const rng = new Rng(11);
    const pool = Array.from({ length: 30 }, (_, i) => item(`q${rng.int(12)}`, `a${i}`, i + 1)); // repeated inputs on purpose
    for (let seed = 0; seed < 300; seed++) {
      const test = pool[seed % pool.length];
      const others = pool.filter((d) => d.input !== test.input).length;
      const k = Math.min(others, 1 + (seed % 8));
      const demos = drawDemos(test, k, pool, seed, 't');
      expect(demos).toHaveLength(k);
      expect(demos.every((d) => d !== test && d.input !== test.input)).toBe(true);
      expect(new Set(demos).size).toBe(k); // without replacement
    }
  });

  it('repeats with a seed, differs across seeds, and nests k-shot demonstrations inside (k+1)-shot ones', () => {
    const pool = Array.from({ length: 40 }, (_, i) => item(`${i}+1=`, String(i + 1), i + 1));
    const test = pool[5];
    expect(buildPrompt(full, test, 4, pool, 7)).toBe(buildPrompt(full, test, 4, pool, 7));
    const prompts = new Set(Array.from({ length: 10 }, (_, s) => buildPrompt(full, test, 4, pool, s)));
    expect(prompts.size).toBe(10);
    const eight = drawDemos(test, 8, pool, 3, 't');
    for (let k = 0; k <= 8; k++) expect(drawDemos(test, k, pool, 3, 't')).toEqual(eight.slice(0, k));
    // Each item gets its own draw under one seed.
    expect(drawDemos(pool[6], 8, pool, 3, 't')).not.toEqual(eight.filter((d) => d !== pool[6]).slice(0, 8));
  });

  it('refuses more shots than the pool has other inputs', () => {
    const pool = [x, item('1+2=', '3', 2), item('2+2=', '4', 3)];
    expect(() => buildPrompt(bare, x, 2, pool, 1)).toThrow('task "add", 2 shots: t.jsonl:1 needs 2 demonstrations with another input, but the pool has only 1');
  });
});
