// The harness end to end on tiny models (GPU), against the CPU reference:
// - choice tasks at k = 0, 1, 2 (with a description and a template): each item's prediction is the argmax of the
//   reference's Σ log p(choice | prompt), so `correct` equals the reference's count; progress reaches the total;
// - an exact-match task on a model whose greedy output is scripted by position: trimmed matches count, an answer
//   running past its target does not; n, accuracy and the Wilson interval as reported.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../../test/gpu';
import type { Gpt2Checkpoint } from '../../checkpoint/gpt2-checkpoint';
import type { ModelConfig } from '../../config';
import { CharTokenizer } from '../../data/tokenizer';
import { initParams, paramLayout } from '../../model/params';
import { gptRef } from '../../reference/gpt.ref';
import { seededNormal } from '../../train/trainer';
import { evaluateTasks, type ShotResult } from './evaluate';
import { wilsonInterval } from './interval';
import { planEvaluation } from './plan';
import { parseTaskFile } from './task-file';

const jsonl = (...objs: unknown[]) => objs.map((o) => JSON.stringify(o)).join('\n');

function checkpoint(cfg: ModelConfig, tokenizer: CharTokenizer, flat: Float32Array): Gpt2Checkpoint {
  return { config: cfg, tokenizer, architecture: 'GPT2LMHeadModel', flat, layout: paramLayout(cfg) };
}

/** Σ log p(choice | prompt) from the CPU reference model. */
function refScore(cfg: ModelConfig, flat: Float32Array, prompt: Uint32Array, choice: Uint32Array): number {
  const seq = new Uint32Array([...prompt, ...choice]);
  const L = seq.length - 1;
  const { logits } = gptRef(cfg, flat, seq.subarray(0, L), new Uint32Array(L), 1, L, false);
  const V = cfg.vocabSize;
  let sum = 0;
  for (let i = 0; i < choice.length; i++) {
    const row = logits.subarray((prompt.length - 1 + i) * V, (prompt.length + i) * V);
    const m = Math.max(...row);
    sum += row[choice[i]] - m - Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
  }
  return sum;
}

describe.sequential('evaluateTasks', () => {
  it('scores choice tasks at k = 0, 1, 2 as the CPU reference ranks the choices', async () => {
    const tok = CharTokenizer.fromText('abcdefghijklmnopqrstuvwxyz ?:.\n');
    const cfg: ModelConfig = { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 32, vocabSize: tok.size };
    const flat = initParams(paramLayout(cfg), cfg, seededNormal(3)).map((x) => x * 6);
    const words = ['cat', 'dog', 'sun', 'sea', 'ant', 'owl', 'fig', 'yak'];
    const set = parseTaskFile(
      jsonl(
        { task: 'pick', description: 'pick.', template: '{input}:' },
        ...words.map((w, i) => ({ task: 'pick', input: w, target: [' a', ' bc', ' d'][i % 3], choices: [' a', ' bc', ' d'] })),
        ...words.slice(0, 5).map((w, i) => ({ task: 'yes', input: `${w}?`, target: i % 2 ? 'no' : 'yes', choices: ['yes', 'no'] })),
      ),
      'c.jsonl',
    );
    const opts = { shots: [0, 1, 2], seed: 9, batch: 4 };
    const plan = planEvaluation(tok, cfg.blockSize, set, opts);
    const want = plan.runs.map((run) => run.items.filter((p) => {
      const scores = p.answerIds.map((a) => refScore(cfg, flat, p.promptIds, a));
      return p.item.choices![scores.indexOf(Math.max(...scores))] === p.item.target;
    }).length);
    const ticks: number[] = [];
    const streamed: ShotResult[] = [];
    const ctx = await testCtx();
    const results = await evaluateTasks(ctx, checkpoint(cfg, tok, flat), set, { ...opts, onItem: (done, total) => ticks.push(done / total), onResult: (r) => streamed.push(r) });
    expect(results.map((r) => [r.task, r.shots, r.mode, r.n])).toEqual([
      ['pick', 0, 'choice', 8], ['pick', 1, 'choice', 8], ['pick', 2, 'choice', 8], ['yes', 0, 'choice', 5], ['yes', 1, 'choice', 5], ['yes', 2, 'choice', 5],
    ]);
    expect(results.map((r) => r.correct)).toEqual(want);
    for (const r of results) expect(r).toMatchObject({ accuracy: r.correct / r.n, ...wilsonInterval(r.correct, r.n) });
    expect(streamed).toEqual(results);
    expect(ticks.at(-1)).toBe(1);
    expect(ticks.every((t, i) => i === 0 || t >= ticks[i - 1])).toBe(true);
    expect(new Set(want).size).toBeGreaterThan(1); // the counts differ: a test that would notice a wrong choice
  });

  it('scores exact answers: trimmed matches count, an answer running past its target does not', async () => {
    const tok = CharTokenizer.fromText('abcdx\n '); // 8 tokens with end of text: 8 orthogonal directions in C = 16
    const cfg: ModelConfig = { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 12, vocabSize: tok.size };
    // As in score.test.ts: blocks add nothing and wpe (1000× wte) picks the argmax token by position.
    const layout = paramLayout(cfg);
    const flat = new Float32Array(layout.total);
    const at = (name: string) => layout.specs.find((s) => s.name === name)!.offset;
    const dir = (v: number, scale: number) => Array.from({ length: 16 }, (_, i) => (i === 2 * v ? scale : i === 2 * v + 1 ? -scale : 0));
    for (let v = 0; v < tok.size; v++) flat.set(dir(v, 0.01), at('transformer.wte.weight') + v * 16);
    const script = ['a', 'c', 'd', '\n', 'a', 'EOT', 'b', 'b', 'c', 'd', 'a', 'a'];
    script.forEach((ch, p) => flat.set(dir(ch === 'EOT' ? tok.eot : tok.encode(ch)[0], 10), at('transformer.wpe.weight') + p * 16));
    flat.fill(1, at('transformer.ln_f.weight'), at('transformer.ln_f.weight') + 16);
    const set = parseTaskFile(
      jsonl(
        { input: 'ab', target: 'cd' }, // answers "cd" (newline next)
        { input: 'abcda', target: ' a ' }, // answers "a" (end of text next): matches when trimmed
        { input: 'ab', target: 'c' }, // answers "cd"
        { input: 'abcdaxb', target: 'bbcd' }, // answers "bbcdaa…" up to the cap: too long
      ),
      'x.jsonl',
    );
    const ctx = await testCtx();
    const [r] = await evaluateTasks(ctx, checkpoint(cfg, tok, flat), set, { shots: [0], seed: 1, batch: 3 });
    expect(r).toEqual({ task: 'x', shots: 0, n: 4, correct: 2, accuracy: 0.5, ...wilsonInterval(2, 4), mode: 'exact' });
    const two = await evaluateTasks(ctx, checkpoint(cfg, tok, flat), set, { shots: [0], seed: 1, limit: 2 });
    expect(two.map((x) => [x.n, x.correct])).toEqual([[2, 2]]);
  });
});
