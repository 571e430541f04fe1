// The probes' GPU side: a B=1 inference model sharing the trainer's parameters runs the probe text forward,
// the residual streams, q/k/v and token embeddings come back in one read, and the CPU turns them into the
// embedding map, activation and attention views of protocol.ts. Call between training steps, never inside
// one. Tested by probe-runner.test.ts (shapes and invariants on the Node WebGPU adapter).

import type { CharTokenizer } from '../data/tokenizer';
import { GPT } from '../model/gpt';
import type { ActivationView, AttentionView, EmbeddingView } from '../../workers/protocol';
import { summarizeActivations } from './activation-probe';
import { attentionProbsAllLayers } from './attention-probe';
import { nearestNeighbours, pca2 } from './pca';
import { readPrefixes, type ReadRange } from '../gpu/read-back';

/** Neighbours listed per token in the embedding view (fewer when the vocabulary is smaller). */
export const NEIGHBOURS = 8;

export interface ProbeViews {
  embedding: EmbeddingView;
  activations: ActivationView;
  attention: AttentionView;
}

/** `text` without the characters the vocabulary lacks (probe texts and sample prompts are free-form). */
export function knownText(tokenizer: CharTokenizer, text: string): string {
  const known = new Set(tokenizer.vocab);
  return Array.from(text).filter((ch) => known.has(ch)).join('');
}

/** Probe text as token ids: characters outside the vocabulary dropped, at most `blockSize`, at least one (id 0). */
export function encodeProbeText(tokenizer: CharTokenizer, text: string, blockSize: number): Uint32Array {
  const ids = tokenizer.encode(knownText(tokenizer, text));
  return ids.length ? ids.slice(0, blockSize) : new Uint32Array(1);
}

export class ProbeRunner {
  private readonly model: GPT;
  private readonly tokenizer: CharTokenizer;

  /** `source`: the training model whose parameters are probed (shared, not copied). */
  constructor(source: GPT, tokenizer: CharTokenizer) {
    this.model = new GPT(source.ctx, source.cfg, 1, source.cfg.blockSize, { training: false, shareParams: source, lmHead: false });
    this.tokenizer = tokenizer;
  }

  /** Runs the probes on `text` with the current parameters; `step` labels the views. */
  async run(text: string, step: number): Promise<ProbeViews> {
    const { model, tokenizer } = this;
    const { nLayer: L, nHead: NH, nEmbd: C, vocabSize: V, blockSize } = model.cfg;
    const ids = encodeProbeText(tokenizer, text, blockSize);
    const T = ids.length;
    const inputs = new Uint32Array(blockSize); // padded: causal attention keeps rows < T independent of the padding
    inputs.set(ids);
    model.setInputs(inputs);
    model.ctx.run(model.trunkForward, 'probe');
    const ranges: ReadRange[] = [{ tensor: model.params.wte, length: V * C }, { tensor: model.acts.encoded, length: T * C }];
    for (const b of model.acts.blocks) ranges.push({ tensor: b.residual3, length: T * C }, { tensor: b.qkv, length: T * 3 * C });
    const [wte, encoded, ...perBlock] = await readPrefixes(model.ctx, ranges);

    const tokens = Array.from(ids, (id) => tokenizer.vocab[id]);
    const layers = L + 1;
    const residual = new Float32Array(layers * T * C); // (layers, T, C)
    residual.set(encoded);
    for (let l = 0; l < L; l++) residual.set(perBlock[2 * l], (l + 1) * T * C);
    const qkv = Array.from({ length: L }, (_, l) => perBlock[2 * l + 1]);

    const K = Math.min(NEIGHBOURS, V - 1);
    const { xy, explained } = pca2(wte, V, C);
    const { neighbours, similarity } = nearestNeighbours(wte, V, C, K);
    return {
      embedding: { step, tokens: [...tokenizer.vocab], xy, explained, neighbours, similarity, K },
      activations: { step, tokens, layers, T, C, residual, ...summarizeActivations(residual, layers, T, C) },
      attention: { step, tokens, L, NH, T, weights: attentionProbsAllLayers(qkv, T, C, NH) },
    };
  }

  /** Frees the probe model's activations (the shared parameters stay). */
  destroy(): void {
    this.model.destroy();
  }
}
