// config.json and generation_config.json of an exported folder: the checkpoint's model in Hugging Face GPT2Config
// field names, with the values that make transformers' GPT-2 compute what the engine computes (GELU in its tanh
// form "gelu_new", LayerNorm ε 1e-5, no dropout, the LM head tied to wte, float32). A reward model is a
// GPT2ForSequenceClassification with num_labels 1 and a pad token; a GPT-1 task model keeps its labels and
// `gpt_lab_task`; a multiple-choice model's summary head is a plain Linear(C, 1) with a bias read at the last token.
// Tested by run-folder.test.ts.

import type { Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import type { CharTokenizer } from '../data/tokenizer';
import { EOT } from '../data/tokenizer';

/** The engine's LayerNorm ε (src/kernels/layernorm). */
export const LAYER_NORM_EPS = 1e-5;
/** GPT-2's initialisation scale (src/engine/model/params.ts initialises with it); transformers needs a value. */
const INITIALIZER_RANGE = 0.02;

/** The end-of-text id, or null for a vocabulary without one (a checkpoint made before it existed). */
export function eotId(tokenizer: CharTokenizer): number | null {
  return tokenizer.hasSpecial(EOT) ? tokenizer.specialId(EOT) : null;
}

/** The padding id a reward model declares: end of text, GPT-2's convention (pad = eos). */
export function padId(ckpt: Pick<Gpt2Checkpoint, 'architecture' | 'task' | 'tokenizer'>): number | null {
  return ckpt.architecture === 'GPT2ForSequenceClassification' && !ckpt.task ? eotId(ckpt.tokenizer) : null;
}

export function hfModelConfig(ckpt: Gpt2Checkpoint): Record<string, unknown> {
  const { config, architecture, task, tokenizer } = ckpt;
  const eot = eotId(tokenizer);
  const out: Record<string, unknown> = {
    model_type: 'gpt2',
    architectures: [architecture],
    n_layer: config.nLayer,
    n_head: config.nHead,
    n_embd: config.nEmbd,
    n_inner: 4 * config.nEmbd,
    n_positions: config.blockSize,
    n_ctx: config.blockSize,
    vocab_size: config.vocabSize,
    activation_function: 'gelu_new',
    layer_norm_epsilon: LAYER_NORM_EPS,
    resid_pdrop: 0,
    embd_pdrop: 0,
    attn_pdrop: 0,
    initializer_range: INITIALIZER_RANGE,
    scale_attn_weights: true,
    scale_attn_by_inverse_layer_idx: false,
    reorder_and_upcast_attn: false,
    tie_word_embeddings: true,
    use_cache: true,
    bos_token_id: eot,
    eos_token_id: eot,
    torch_dtype: 'float32',
  };
  const pad = padId(ckpt);
  if (architecture === 'GPT2ForSequenceClassification' && !task) {
    out.num_labels = 1;
    out.pad_token_id = pad;
  }
  if (task && task.kind !== 'multiple_choice') {
    out.num_labels = task.labels.length;
    out.id2label = Object.fromEntries(task.labels.map((name, i) => [String(i), name]));
    out.label2id = Object.fromEntries(task.labels.map((name, i) => [name, i]));
  }
  if (architecture === 'GPT2DoubleHeadsModel') {
    // SequenceSummary as the engine's head: Linear(C, 1) with a bias at the token the caller points to (the
    // extract token), no activation, no dropout.
    Object.assign(out, { num_labels: 1, summary_type: 'cls_index', summary_use_proj: true, summary_proj_to_labels: true, summary_activation: null, summary_first_dropout: 0 });
  }
  if (task) out.gpt_lab_task = task.kind;
  return out;
}

export function hfGenerationConfig(ckpt: Gpt2Checkpoint): Record<string, unknown> {
  const eot = eotId(ckpt.tokenizer);
  return { bos_token_id: eot, eos_token_id: eot, max_length: ckpt.config.blockSize };
}
