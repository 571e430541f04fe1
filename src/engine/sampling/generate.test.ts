// Text generation on the Node WebGPU adapter with a tiny random model: the one-prompt form returns the prompt and
// the requested tokens; batched greedy rows equal the one-prompt result; rows stop at end of text (a model made
// to always predict it); and the same seed gives the same samples.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { CharTokenizer } from '../data/tokenizer';
import { GPT } from '../model/gpt';
import { initParams } from '../model/params';
import { seededNormal } from '../train/trainer';
import { generate, generateBatch } from './generate';

const tok = CharTokenizer.fromText('abcd .');
const cfg = { nLayer: 1, nHead: 1, nEmbd: 8, blockSize: 8, vocabSize: tok.size };

describe.sequential('generate', () => {
  it('continues a prompt; batched greedy rows equal the single-prompt result; seeds repeat', async () => {
    const ctx = await testCtx();
    const one = new GPT(ctx, cfg, 1, cfg.blockSize, { training: false });
    const flat = initParams(one.layout, cfg, seededNormal(5)).map((x) => x * 20); // sharper logits than at init
    one.loadParams(flat);
    const three = new GPT(ctx, cfg, 3, cfg.blockSize, { training: false, shareParams: one });
    const text = await generate(one, tok, 'ab', { tokens: 10, temperature: 0, topK: 0, seed: 1 });
    const greedy = await generateBatch(three, tok, ['ab', 'ab', 'ab'], { tokens: 10, temperature: 0, topK: 0, seed: 9 });
    for (const c of greedy) expect('ab' + c.text).toBe(text);
    const s1 = await generateBatch(three, tok, ['a', 'b', ''], { tokens: 6, temperature: 1, topK: 0, seed: 4 });
    const streamed = ['', '', ''];
    const s2 = await generateBatch(three, tok, ['a', 'b', ''], { tokens: 6, temperature: 1, topK: 0, seed: 4, onToken: (r, t) => (streamed[r] += t) });
    expect(s2).toEqual(s1);
    expect(streamed).toEqual(s1.map((c) => c.text)); // each token reported as sampled, in order
    three.destroy();
    one.destroy();
  });

  it('stops a row at end of text', async () => {
    const ctx = await testCtx();
    const model = new GPT(ctx, cfg, 2, cfg.blockSize, { training: false });
    // wte = 0 except the EOT row, ln_f weight 0 and bias = that row: every logit is 0 except EOT's (|b|² > 0).
    const flat = new Float32Array(model.layout.total);
    const spec = (n: string) => model.layout.specs.find((s) => s.name === n)!;
    const row = [1, -1, 2, 0, 1, 1, -2, 1];
    flat.set(row, spec('transformer.wte.weight').offset + tok.eot * cfg.nEmbd);
    flat.set(row, spec('transformer.ln_f.bias').offset);
    model.loadParams(flat);
    const out = await generateBatch(model, tok, ['ab', 'c'], { tokens: 5, temperature: 0, topK: 0, seed: 1 });
    expect(out).toEqual([{ text: '', finished: true }, { text: '', finished: true }]);
    model.destroy();
  });
});
