// The exported tokenizer.json loaded by the Hugging Face tokenizers library itself (the Rust library through its
// npm binding, `tokenizers`): every bundled dataset (English and Chinese corpora and JSONL files) encodes to exactly
// the engine's ids and decodes back to the same text; so do characters that tempt a tokenizer to differ (CR LF,
// tabs, astral emoji, a decomposed accent, a line separator); special tokens keep their ids; an unknown character
// is an error in both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../data/datasets';
import { CharTokenizer, DELIM, EOT, EXTRACT, START } from '../data/tokenizer';
import { hfSpecialTokensMap, hfTokenizerConfig, hfTokenizerJson } from './hf-tokenizer';

function loadHf(tok: CharTokenizer): Tokenizer {
  return Tokenizer.fromString(JSON.stringify(hfTokenizerJson(tok)));
}

async function hfIds(hf: Tokenizer, text: string): Promise<Uint32Array> {
  return Uint32Array.from((await hf.encode(text, null, { addSpecialTokens: false })).getIds());
}

describe('tokenizer.json in the Hugging Face tokenizers library', () => {
  it.each(DATASETS.map((d) => [d.id, d.file]))('encodes the bundled dataset %s to the engine ids', async (_id, file) => {
    const text = readFileSync(join('public', 'datasets', file), 'utf8');
    const tok = CharTokenizer.fromText(text);
    const hf = loadHf(tok);
    const ids = await hfIds(hf, text);
    expect(ids.length).toBe(Array.from(text).length);
    expect(ids).toEqual(tok.encode(text));
    expect(await hf.decode(Array.from(ids), false)).toBe(text);
  });

  it('keeps CR LF, tabs, astral characters, a decomposed accent and a line separator one token per code point', async () => {
    const text = 'a\r\nb\tc  中文😀🙂e\u0301\u2028z\n';
    const tok = CharTokenizer.fromText(text, [EOT, START, DELIM, EXTRACT]);
    const hf = loadHf(tok);
    const ids = await hfIds(hf, text);
    expect(ids).toEqual(tok.encode(text));
    expect(ids.length).toBe(Array.from(text).length);
    expect(await hf.decode(Array.from(ids), false)).toBe(text);
  });

  it('declares the special tokens at the engine ids, as special', async () => {
    const tok = CharTokenizer.fromText('xy', [EOT, START, DELIM, EXTRACT]);
    const hf = loadHf(tok);
    for (const name of [EOT, START, DELIM, EXTRACT]) expect(hf.tokenToId(name)).toBe(tok.specialId(name));
    const ids = [tok.specialId(START), ...tok.encode('xy'), tok.specialId(EXTRACT)];
    expect(await hf.decode(ids, false)).toBe(tok.decode(ids));
    expect(await hf.decode(ids, true)).toBe('xy');
    expect(hf.getVocabSize(true)).toBe(tok.size);
  });

  it('fails on a character outside the vocabulary, as the engine does', async () => {
    const tok = CharTokenizer.fromText('abc');
    expect(() => tok.encode('abd')).toThrow(/not in the vocabulary/);
    await expect(hfIds(loadHf(tok), 'abd')).rejects.toThrow(/Missing/);
  });

  it('names end of text as bos and eos, and as the pad token only when asked', () => {
    const tok = CharTokenizer.fromText('ab', [EOT, START]);
    expect(hfSpecialTokensMap(tok, false)).toEqual({ bos_token: EOT, eos_token: EOT, additional_special_tokens: [START] });
    const cfg = hfTokenizerConfig(tok, 64, true);
    expect(cfg).toMatchObject({ tokenizer_class: 'PreTrainedTokenizerFast', model_max_length: 64, pad_token: EOT, clean_up_tokenization_spaces: false });
    expect(cfg.added_tokens_decoder).toEqual({
      2: { content: EOT, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true },
      3: { content: START, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true },
    });
    expect(hfSpecialTokensMap(CharTokenizer.fromVocab(['a']), true)).toEqual({});
  });
});
