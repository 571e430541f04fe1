// GPT-2 checkpoints as .safetensors with Hugging Face GPT2LMHeadModel tensor names and layouts (F32), plus
// `__metadata__` {config: GPT2Config-style JSON, tokenizer: {"type":"char","vocab":[...]}}. Maps to and from
// the engine's flat parameter layout. Tested by gpt2-checkpoint.test.ts (round trip, and eval equality).

import type { ModelConfig } from '../config';
import { validateModelConfig } from '../config';
import { CharTokenizer } from '../data/tokenizer';
import { paramLayout, type ParamLayout } from '../model/params';
import { readSafetensors, writeSafetensors, type NamedTensor } from './safetensors';

export interface Gpt2Checkpoint {
  config: ModelConfig;
  tokenizer: CharTokenizer;
  /** Parameters in the engine's flat layout (paramLayout(config)). */
  flat: Float32Array;
  layout: ParamLayout;
}

/** HF GPT2Config field names, as `__metadata__.config` holds them. */
interface HfConfig {
  n_layer: number;
  n_head: number;
  n_embd: number;
  n_positions: number;
  vocab_size: number;
}

export function encodeCheckpoint(config: ModelConfig, tokenizer: CharTokenizer, flat: Float32Array): Uint8Array {
  const layout = paramLayout(config);
  if (flat.length !== layout.total) throw new Error(`checkpoint: ${flat.length} parameter values, layout needs ${layout.total}`);
  const tensors: NamedTensor[] = layout.specs.map((s) => ({ name: s.name, shape: s.shape, data: flat.slice(s.offset, s.offset + s.length) }));
  const hf: HfConfig = { n_layer: config.nLayer, n_head: config.nHead, n_embd: config.nEmbd, n_positions: config.blockSize, vocab_size: config.vocabSize };
  return writeSafetensors(tensors, { config: JSON.stringify(hf), tokenizer: JSON.stringify(tokenizer.toJSON()), format: 'pt' });
}

export function decodeCheckpoint(bytes: Uint8Array): Gpt2Checkpoint {
  const { tensors, metadata } = readSafetensors(bytes);
  if (!metadata.config) throw new Error('checkpoint: __metadata__ has no "config" (not a GPT Lab / GPT-2 checkpoint?)');
  let hf: HfConfig;
  try {
    hf = JSON.parse(metadata.config) as HfConfig;
  } catch {
    throw new Error('checkpoint: __metadata__.config is not valid JSON');
  }
  const config: ModelConfig = { nLayer: hf.n_layer, nHead: hf.n_head, nEmbd: hf.n_embd, blockSize: hf.n_positions, vocabSize: hf.vocab_size };
  validateModelConfig(config);
  if (!metadata.tokenizer) throw new Error('checkpoint: __metadata__ has no "tokenizer"');
  const tok = JSON.parse(metadata.tokenizer) as { type?: string; vocab?: string[] };
  if (tok.type !== 'char' || !Array.isArray(tok.vocab)) throw new Error('checkpoint: tokenizer must be {"type":"char","vocab":[...]}');
  const tokenizer = CharTokenizer.fromVocab(tok.vocab);
  if (tokenizer.size !== config.vocabSize) throw new Error(`checkpoint: tokenizer has ${tokenizer.size} tokens but config.vocab_size is ${config.vocabSize}`);
  const layout = paramLayout(config);
  const flat = new Float32Array(layout.total);
  for (const s of layout.specs) {
    const t = tensors.get(s.name);
    if (!t) throw new Error(`checkpoint: missing tensor ${s.name}`);
    if (t.shape.join(',') !== s.shape.join(',')) throw new Error(`checkpoint: ${s.name} has shape [${t.shape}], expected [${s.shape}]`);
    flat.set(t.data, s.offset);
  }
  return { config, tokenizer, flat, layout };
}
