// GPU scoring against the CPU reference model (src/engine/reference/gpt.ref.ts) on tiny models:
// - choice log-likelihoods: Σ log p(choice | prompt) for prompts and choices of different lengths, several sequences
//   per forward pass and a partly filled last batch, equal the reference's log-softmax sums;
// - greedy answers: equal a CPU greedy decode of a random model; and a model built so that its argmax depends on
//   the position only shows the three ways an answer ends: a newline (not part of the answer), end of text, the cap.
import { describe, expect, it } from 'vitest';
import { expectClose, testCtx } from '../../../test/gpu';
import { CharTokenizer } from '../../data/tokenizer';
import { GPT } from '../../model/gpt';
import { initParams, paramLayout } from '../../model/params';
import { gptRef } from '../../reference/gpt.ref';
import { Rng } from '../../rng';
import { seededNormal } from '../../train/trainer';
import type { ModelConfig } from '../../config';
import { choiceLogProbs, greedyAnswers } from './score';

const tok = CharTokenizer.fromText('abcdx\n');
const cfg: ModelConfig = { nLayer: 2, nHead: 2, nEmbd: 16, blockSize: 16, vocabSize: tok.size };

/** Log-softmax rows (float64) of the reference model's logits for one sequence. */
function refLogProbs(flat: Float32Array, ids: Uint32Array): Float64Array[] {
  const L = ids.length;
  const { logits } = gptRef(cfg, flat, ids, new Uint32Array(L), 1, L, false);
  const V = cfg.vocabSize;
  return Array.from({ length: L }, (_, t) => {
    const row = logits.subarray(t * V, (t + 1) * V);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
    return Float64Array.from(row, (x) => x - lse);
  });
}

/** Σ log p(choice | prompt) from the reference. */
function refChoice(flat: Float32Array, prompt: Uint32Array, choice: Uint32Array): number {
  const seq = new Uint32Array([...prompt, ...choice]);
  const lp = refLogProbs(flat, seq.subarray(0, seq.length - 1));
  let sum = 0;
  for (let i = 0; i < choice.length; i++) sum += lp[prompt.length - 1 + i][choice[i]];
  return sum;
}

/** Greedy decoding on the CPU: up to `cap` tokens, stopping before end of text or at a newline. */
function refGreedy(flat: Float32Array, prompt: string, cap: number): string {
  const ids = Array.from(tok.encode(prompt));
  let out = '';
  for (let i = 0; i < cap; i++) {
    const lp = refLogProbs(flat, Uint32Array.from(ids.slice(-cfg.blockSize))).at(-1)!;
    const next = lp.indexOf(Math.max(...lp));
    if (next === tok.eot || tok.vocab[next] === '\n') break;
    out += tok.vocab[next];
    ids.push(next);
  }
  return out;
}

describe.sequential('harness scoring', () => {
  it('choice log-likelihoods equal the CPU reference for prompts and choices of different lengths', async () => {
    const ctx = await testCtx();
    const model = new GPT(ctx, cfg, 3, 12, { training: false }); // 7 sequences: batches of 3, 3 and 1
    const flat = initParams(model.layout, cfg, seededNormal(21)).map((x) => x * 4); // spread-out probabilities
    model.loadParams(flat);
    const rng = new Rng(4);
    const text = (n: number) => Array.from({ length: n }, () => 'abcdx\n'[rng.int(6)]).join('');
    const seqs = [[1, 1], [1, 5], [5, 1], [3, 4], [8, 5], [12, 1], [2, 11]].map(([p, c]) => ({ prompt: tok.encode(text(p)), choice: tok.encode(text(c)) }));
    const batches: number[] = [];
    const got = await choiceLogProbs(model, seqs, (n) => batches.push(n));
    expect(batches).toEqual([3, 6, 7]);
    const want = seqs.map((s) => refChoice(flat, s.prompt, s.choice));
    // f32 logits summed over up to 11 tokens of log-softmax: ~1e-6 relative per token.
    expectClose(got, want, { atol: 1e-4, rtol: 1e-5 }, 'Σ log p(choice | prompt)');
    expect(Math.min(...want)).toBeLessThan(-5); // real, non-trivial scores
    await expect(choiceLogProbs(model, [{ prompt: tok.encode(text(8)), choice: tok.encode(text(6)) }])).rejects.toThrow(/more than T \+ 1 = 13/);
    model.destroy();
  });

  it('greedy answers equal a CPU greedy decode of a random model', async () => {
    const ctx = await testCtx();
    const model = new GPT(ctx, cfg, 4, cfg.blockSize, { training: false });
    const flat = initParams(model.layout, cfg, seededNormal(8)).map((x) => x * 20); // sharp logits: no near ties
    model.loadParams(flat);
    const prompts = ['a', 'bca', 'xx\nd', 'dcb', 'abcdabcd'];
    const got = await greedyAnswers(model, tok, prompts, 6);
    const want = prompts.map((p) => refGreedy(flat, p, 6));
    expect(got).toEqual(want);
    expect(want.some((w) => w.length > 0)).toBe(true);
    model.destroy();
  });

  it('an answer ends at a newline, at end of text, or at the cap', async () => {
    const ctx = await testCtx();
    const c: ModelConfig = { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 12, vocabSize: tok.size };
    // Blocks add nothing (zero projections), so ln_f sees wte[token] + wpe[position]; wpe is 1000× wte, so the
    // logits lnf · wteᵀ pick, at position p, the token whose embedding direction wpe[p] holds: a per-position script.
    const layout = paramLayout(c);
    const flat = new Float32Array(layout.total);
    const at = (name: string) => layout.specs.find((s) => s.name === name)!.offset;
    const dir = (v: number, scale: number) => Array.from({ length: 16 }, (_, i) => (i === 2 * v ? scale : i === 2 * v + 1 ? -scale : 0));
    for (let v = 0; v < tok.size; v++) flat.set(dir(v, 0.01), at('transformer.wte.weight') + v * 16);
    const id = (ch: string) => (ch === 'EOT' ? tok.eot : tok.encode(ch)[0]);
    const script = ['a', 'c', 'd', '\n', 'a', 'EOT', 'b', 'b', 'c', 'd', 'a', 'a']; // what position p predicts
    script.forEach((ch, p) => flat.set(dir(id(ch), 10), at('transformer.wpe.weight') + p * 16));
    flat.fill(1, at('transformer.ln_f.weight'), at('transformer.ln_f.weight') + 16);
    const model = new GPT(ctx, c, 3, c.blockSize, { training: false });
    model.loadParams(flat);
    // "ab" (last position 1): c, d, then a newline → "cd". "abcda": a, then end of text → "a".
    // "abcdaxb": b, b, c, d, … → the cap of 3 → "bbc".
    expect(await greedyAnswers(model, tok, ['ab', 'abcda', 'abcdaxb'], 3)).toEqual(['cd', 'a', 'bbc']);
    expect(await greedyAnswers(model, tok, ['abcdaxb', 'ab'], 2)).toEqual(['bb', 'cd']);
    model.destroy();
  });
});
