// KV-cache decoding on a GPT: after a prefill (the model's ordinary forward over the prompts, which leaves every
// layer's q, k, v for every position in acts.blocks[l].qkv), each decode step runs the model for ONE position
// per row — row b at its own position pos[b] (rows may have different prompt lengths) — instead of the whole
// (B, T) window: embed tokens[b, pos[b]], per layer LayerNorm → qkv for B rows → write that q, k, v into the
// layer's qkv buffer (the cache) at (b, pos[b]) → attention of that one query over keys 0..pos[b] → projection
// and residual → LayerNorm → MLP → residual; final LayerNorm → logits for the B rows. The positions live in a
// GPU buffer, so steps replay inside one command buffer with the token choice on the GPU and no readback.
// The step uses the model's parameters and its qkv buffers (no extra cache); it only allocates (B, ·) rows.
// A step's logits equal the full forward's logits at (b, pos[b]) (same kernels on the same inputs, the decode
// attention visiting keys in the forward's order). Tested by decoder.test.ts.

import type { Dispatch } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';
import { attentionDecode } from '../../kernels/attention/attention-decode';
import { scatterRows } from '../../kernels/decode/scatter';
import { embeddingForwardAt } from '../../kernels/embedding/embedding';
import { geluForward } from '../../kernels/gelu/gelu';
import { layernormForward, residualLayernormForward } from '../../kernels/layernorm/layernorm';
import { matmul } from '../../kernels/matmul/matmul';
import type { GPT } from './gpt';

export interface DecoderOptions {
  /** (B) u32 position of each row's current token, read by every step (default: a buffer the decoder owns). */
  pos?: Tensor;
  /**
   * Also write each step's logits into the LM head's (B,T,V) logits at (b, pos[b]), where the GPU sampler
   * (sampleNextTokens) reads them after a full forward.
   */
  toModelLogits?: boolean;
}

export class Decoder {
  readonly model: GPT;
  /** (B) u32: the position of each row's current token; a step reads tokens[b, pos[b]] and fills that position. */
  readonly pos: Tensor;
  /** (B,V): each row's logits at its position after a step. */
  readonly logits: Tensor;
  /** One decode step for every row; replay it once per new token (after updating tokens and pos). */
  readonly step: Dispatch[];
  /** Buffers allocated by this decoder, freed by destroy(). */
  private readonly owned: GPUBuffer[];

  constructor(model: GPT, opts: DecoderOptions = {}) {
    const { ctx, cfg, B, T, params: p, acts: a } = model;
    const lm = model.lmHead;
    const { nEmbd: C, nHead: NH, vocabSize: V } = cfg;
    this.model = model;
    if (opts.pos && (opts.pos.length !== B || opts.pos.dtype !== 'u32')) {
      throw new Error(`Decoder: pos (${opts.pos.label}) must hold B = ${B} u32 positions (has ${opts.pos.length} ${opts.pos.dtype})`);
    }
    const scope = ctx.trackBuffers();
    try {
      this.pos = opts.pos ?? ctx.tensor('decode.pos', [B], 'u32');
      const row = (name: string, width: number) => ctx.tensor(`decode.${name}`, [B, width]);
      const resA = row('residualA', C); // embedding, then each layer's output
      const resB = row('residualB', C); // each layer's stream after attention
      const ln = row('ln', C), mean = ctx.tensor('decode.lnMean', [B]), rstd = ctx.tensor('decode.lnRstd', [B]);
      const qkv = row('qkv', 3 * C), atty = row('atty', C), attproj = row('attproj', C);
      const fch = row('fch', 4 * C), fchGelu = row('fchGelu', 4 * C), fcproj = row('fcproj', C);
      this.logits = row('logits', V);
      const pos = this.pos;
      const d: Dispatch[] = [];
      d.push(...embeddingForwardAt(ctx, resA, model.tokens, pos, p.wte, p.wpe, B, T, C));
      // As in the trunk, each residual add is fused with the LayerNorm after it (next block's ln_1, or ln_f).
      d.push(...layernormForward(ctx, ln, mean, rstd, resA, p.blocks[0].ln1w, p.blocks[0].ln1b, B, C));
      for (let l = 0; l < cfg.nLayer; l++) {
        const w = p.blocks[l];
        const cache = a.blocks[l].qkv; // (B,T,3C)
        d.push(...matmul(ctx, qkv, ln, w.qkvw, B, 3 * C, C, { bias: w.qkvb }));
        d.push(...scatterRows(ctx, cache, qkv, pos, B, T, 3 * C));
        d.push(...attentionDecode(ctx, atty, cache, pos, B, T, C, NH));
        d.push(...matmul(ctx, attproj, atty, w.attprojw, B, C, C, { bias: w.attprojb }));
        d.push(...residualLayernormForward(ctx, resB, ln, mean, rstd, resA, attproj, w.ln2w, w.ln2b, B, C));
        d.push(...matmul(ctx, fch, ln, w.fcw, B, 4 * C, C, { bias: w.fcb }));
        d.push(...geluForward(ctx, fchGelu, fch, B * 4 * C));
        d.push(...matmul(ctx, fcproj, fchGelu, w.fcprojw, B, C, 4 * C, { bias: w.fcprojb }));
        const [nw, nb] = l + 1 < cfg.nLayer ? [p.blocks[l + 1].ln1w, p.blocks[l + 1].ln1b] : [p.lnfw, p.lnfb];
        d.push(...residualLayernormForward(ctx, resA, ln, mean, rstd, resB, fcproj, nw, nb, B, C));
      }
      d.push(...matmul(ctx, this.logits, ln, p.wte, B, V, C, { transB: true }));
      if (opts.toModelLogits) d.push(...scatterRows(ctx, lm.logits, this.logits, pos, B, T, V));
      this.step = d;
    } catch (e) {
      ctx.destroyBuffers(scope.stop());
      throw e;
    }
    this.owned = scope.stop();
  }

  /** Frees the decoder's own buffers (not the model's, nor a `pos` passed in). */
  destroy(): void {
    this.model.ctx.destroyBuffers(this.owned);
  }
}
