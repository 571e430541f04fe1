// The character tokenizer in the Hugging Face tokenizers format (tokenizer.json) with transformers' two companion
// files (tokenizer_config.json, special_tokens_map.json). The representation: a WordLevel model whose vocabulary
// is the engine's (every character at its id, then the special tokens), behind a Split pre-tokenizer that cuts
// the text into single code points (`[\s\S]`, so newlines too; astral characters such as emoji stay whole, as in
// the engine), no normalizer, no post-processor (GPT-2 adds no tokens), and a Fuse decoder (tokens joined with
// nothing between them). A character outside the vocabulary is an error there as in the engine (WordLevel's
// unknown token is not in the vocabulary). Special tokens are declared as added special tokens.
// One difference remains: the engine never turns text into a special token, while tokenizers matches the text
// "<|endoftext|>" as the token; plain text never holds it.
// Tested by hf-tokenizer.test.ts (the Rust tokenizers library, through its npm binding, encodes every bundled
// dataset to the engine's ids).

import type { CharTokenizer } from '../data/tokenizer';
import { EOT } from '../data/tokenizer';

/** Pre-tokenizer pattern: any one code point (`.` would skip newlines). */
const ONE_CHARACTER = '[\\s\\S]';
/** WordLevel must name an unknown token; this one is not in the vocabulary, so unknown characters are errors. */
const UNKNOWN_NOT_IN_VOCAB = '<|unknown|>';

export function hfTokenizerJson(tokenizer: CharTokenizer): Record<string, unknown> {
  const vocab: Record<string, number> = {};
  tokenizer.vocab.forEach((tok, id) => {
    vocab[tok] = id;
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: tokenizer.specials.map((content, i) => ({
      id: tokenizer.chars + i, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'Split', pattern: { Regex: ONE_CHARACTER }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: { type: 'Fuse' },
    model: { type: 'WordLevel', vocab, unk_token: UNKNOWN_NOT_IN_VOCAB },
  };
}

/** transformers' names for the special tokens: end of text is both bos and eos (GPT-2), and `pad` when asked. */
export function hfSpecialTokensMap(tokenizer: CharTokenizer, pad: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (tokenizer.hasSpecial(EOT)) {
    out.bos_token = EOT;
    out.eos_token = EOT;
    if (pad) out.pad_token = EOT;
  }
  const others = tokenizer.specials.filter((s) => s !== EOT);
  if (others.length) out.additional_special_tokens = others;
  return out;
}

export function hfTokenizerConfig(tokenizer: CharTokenizer, maxLength: number, pad: boolean): Record<string, unknown> {
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    model_max_length: maxLength,
    clean_up_tokenization_spaces: false,
    ...hfSpecialTokensMap(tokenizer, pad),
    added_tokens_decoder: Object.fromEntries(tokenizer.specials.map((content, i) => [
      String(tokenizer.chars + i), { content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true },
    ])),
  };
}
