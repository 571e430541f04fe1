// Planning an evaluation on the CPU: prompts, token ids and caps per (task, k); --limit; demonstrations from
// another file (its task of the same name, or its only task); the model's T; and the refusals before any GPU
// work: characters outside the vocabulary (first line and its characters named), no newline in the vocabulary,
// too few demonstrations, and prompts over the context (task, k, lengths, and the most shots that fit).
import { describe, expect, it } from 'vitest';
import { CharTokenizer } from '../../data/tokenizer';
import { EXACT_SLACK, planEvaluation } from './plan';
import { buildPrompt } from './prompts';
import { parseTaskFile } from './task-file';

const tok = CharTokenizer.fromText('abcdefghijklmnopqrstuvwxyz0123456789 +=?:\n.');
const jsonl = (...objs: unknown[]) => objs.map((o) => JSON.stringify(o)).join('\n');
const adds = Array.from({ length: 10 }, (_, i) => ({ input: `${i}+${i}=`, target: String(2 * i) }));
const file = parseTaskFile(
  jsonl(
    ...adds,
    { task: 'yn', template: 'q: {input}?', description: 'yes or no.' },
    ...['cat', 'dog', 'sun', 'sea'].map((w, i) => ({ task: 'yn', input: w, target: i % 2 ? ' no' : ' yes', choices: [' yes', ' no'] })),
  ),
  'add.jsonl',
);

describe('planEvaluation', () => {
  it('plans every (task, k): prompts, ids, answers, caps, the item count and T', () => {
    const plan = planEvaluation(tok, 64, file, { shots: [0, 2], seed: 5, limit: 3 });
    expect(plan.runs.map((r) => [r.task.name, r.shots, r.items.length])).toEqual([['add', 0, 3], ['add', 2, 3], ['yn', 0, 3], ['yn', 2, 3]]);
    expect(plan.items).toBe(12);
    const [add0, add2, , yn2] = plan.runs;
    expect(add0.items[1].prompt).toBe('1+1=');
    expect(add2.items[1].prompt).toBe(buildPrompt(file.tasks[0], file.tasks[0].items[1], 2, file.tasks[0].items, 5));
    expect(Array.from(add0.items[1].promptIds)).toEqual(Array.from(tok.encode('1+1=')));
    expect(add0.cap).toBe(2 + EXACT_SLACK); // longest target "18" over all items, not only the tested ones
    expect(yn2.items[0].answerIds.map((a) => tok.decode(a))).toEqual([' yes', ' no']);
    expect(yn2.items[0].prompt).toMatch(/^yes or no\.\nq: [a-z]{3}\? (yes|no)\nq: [a-z]{3}\? (yes|no)\nq: cat\?$/);
    // T: the longest exact window (prompt + cap) or choice sequence (prompt + choice − 1), within the context.
    const longestExact = Math.max(...add2.items.map((p) => p.promptIds.length)) + add2.cap;
    const longestChoice = Math.max(...yn2.items.map((p) => p.promptIds.length)) + 3;
    expect(plan.T).toBe(Math.max(longestExact, longestChoice));
    const addOnly = parseTaskFile(jsonl(...adds), 'add.jsonl');
    expect(planEvaluation(tok, 7, addOnly, { shots: [0], seed: 5 }).T).toBe(7); // the greedy window (4 + 2 + EXACT_SLACK) is capped by the context
  });

  it('draws demonstrations from another file: its task of the same name, or its only task', () => {
    const demos = parseTaskFile(jsonl({ task: 'add', input: '7+1=', target: '8' }, { task: 'add', input: '9+0=', target: '9' }, { task: 'yn', input: 'sky', target: ' yes' }, { task: 'yn', input: 'ink', target: ' no' }), 'demos.jsonl');
    const plan = planEvaluation(tok, 64, file, { shots: [2], seed: 1, demos });
    expect(plan.runs[0].items[0].prompt).toMatch(/^(7\+1=8\n9\+0=9|9\+0=9\n7\+1=8)\n0\+0=$/);
    const only = parseTaskFile(jsonl({ input: 'z', target: ' no' }, { input: 'y', target: ' yes' }), 'one.jsonl');
    expect(planEvaluation(tok, 64, file, { shots: [1], seed: 1, demos: only }).runs[1].items[0].prompt).toMatch(/^yes or no\.\nq: [zy]\? (yes|no)\nq: cat\?$/);
    const other = parseTaskFile(jsonl({ task: 'x', input: 'z', target: 'a' }, { task: 'y', input: 'z', target: 'a' }), 'two.jsonl');
    expect(() => planEvaluation(tok, 64, file, { shots: [1], seed: 1, demos: other })).toThrow('two.jsonl has no task "add" to draw its demonstrations from (its tasks: "x", "y")');
    expect(() => planEvaluation(tok, 64, file, { shots: [3], seed: 1, demos })).toThrow(/task "add", 3 shots: add\.jsonl:1 needs 3 demonstrations with another input, but the pool has only 2/);
  });

  it('names the first line with characters outside the vocabulary, and its characters', () => {
    const bad = parseTaskFile(jsonl({ input: '1+1=', target: '2' }, { input: 'ça', target: 'Ω' }, { input: 'é', target: '1' }), 'bad.jsonl');
    expect(() => planEvaluation(tok, 64, bad, { shots: [0], seed: 1 })).toThrow(
      `bad.jsonl:2: 2 characters not in the checkpoint's vocabulary (43 characters): "ç" (U+00E7), "Ω" (U+03A9); 1 more line has such characters (3 distinct in all)`,
    );
    const header = parseTaskFile(jsonl({ task: 't', description: 'Ünïcode' }, { task: 't', input: 'a', target: 'b' }), 'h.jsonl');
    expect(() => planEvaluation(tok, 64, header, { shots: [0], seed: 1 })).toThrow(/^h\.jsonl:1: 2 characters not in the checkpoint's vocabulary .*"Ü" \(U\+00DC\)/);
    const demos = parseTaskFile(jsonl({ input: 'a', target: 'B' }), 'demos.jsonl');
    expect(() => planEvaluation(tok, 64, file, { shots: [0], seed: 1, demos })).toThrow(/^demos\.jsonl:1: 1 character not in/);
  });

  it('refuses demonstrations or a description when the vocabulary has no newline', () => {
    const flat = CharTokenizer.fromText('0123456789+=');
    const set = parseTaskFile(jsonl(...adds), 'add.jsonl');
    expect(planEvaluation(flat, 64, set, { shots: [0], seed: 1 }).runs).toHaveLength(1);
    expect(() => planEvaluation(flat, 64, set, { shots: [0, 1], seed: 1 })).toThrow(/each demonstration with a newline, but the checkpoint's vocabulary has none/);
  });

  it('refuses prompts over the context, saying which task and k, how long, and the most shots that fit', () => {
    // add: prompts "i+i=" (4 tokens) + target (1–2) and 6–7 tokens per demonstration: with a context of 20, two shots
    // fit every item (at most 4 + 7 + 7 + 2 = 20) and three do not.
    const plan = planEvaluation(tok, 20, parseTaskFile(jsonl(...adds), 'add.jsonl'), { shots: [0, 1, 2], seed: 3 });
    expect(plan.runs).toHaveLength(3);
    const set = parseTaskFile(jsonl(...adds), 'add.jsonl');
    let message = '';
    try {
      planEvaluation(tok, 20, set, { shots: [0, 4], seed: 3 });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^task "add", 4 shots: the prompt for add\.jsonl:\d+ is (\d+) tokens and its target (\d) more, (\d+) in all, over the model's context of 20 tokens; at most 2 shots fit every item of this task \(with this seed\): ask for 2 or fewer$/);
    const [, prompt, answer, all] = /is (\d+) tokens and its target (\d) more, (\d+)/.exec(message)!.map(Number);
    expect(prompt + answer).toBe(all);
    expect(all).toBeGreaterThan(20);
    expect(() => planEvaluation(tok, 8, set, { shots: [0, 1], seed: 3 })).toThrow(/task "add", 1 shot: .* over the model's context of 8 tokens; only 0 shots fit every item of this task: evaluate it at 0 shots/);
    expect(() => planEvaluation(tok, 5, set, { shots: [1], seed: 3 })).toThrow(/task "add", 1 shot: the prompt for add\.jsonl:\d+ is \d+ tokens .* not even 0 shots fit: shorten the inputs/);
    expect(() => planEvaluation(tok, 64, file, { shots: [], seed: 3 })).toThrow(/no shot counts to evaluate/);
  });
});
