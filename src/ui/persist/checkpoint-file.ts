// Checkpoints as files: download the current weights as `.safetensors`, and read one back as the start of a new
// run (its model size, its tokenizer, fresh optimizer moments). Tested by checkpoint-file.test.ts.

import { decodeCheckpoint } from '../../engine/checkpoint/gpt2-checkpoint';
import { LabError } from '../../engine/errors';
import type { SavedState } from '../../workers/protocol';
import type { Experiment } from '../experiment/types';

export function downloadBytes(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function checkpointFileName(e: Experiment, step: number): string {
  return `gpt-lab-${e.preset}-L${e.model.nLayer}-C${e.model.nEmbd}-step${step}.safetensors`;
}

export interface ImportedCheckpoint {
  model: Experiment['model'];
  /** Characters the checkpoint's tokenizer knows: the training text must use only these. */
  vocab: readonly string[];
  /** A run start at step 0 from the file's weights, with zero AdamW moments (what a fresh optimizer has). */
  state: SavedState;
}

/** Reads a `.safetensors` checkpoint, or throws a message naming the file and what is wrong with it. */
export function readCheckpointFile(name: string, bytes: Uint8Array): ImportedCheckpoint {
  const ck = decodeNamed(name, bytes);
  const { nLayer, nHead, nEmbd, blockSize } = ck.config;
  const n = ck.flat.length;
  return { model: { nLayer, nHead, nEmbd, blockSize }, vocab: ck.tokenizer.vocab, state: { stage: 'pretrain', step: 0, checkpoint: bytes, m: new Float32Array(n), v: new Float32Array(n) } };
}

function decodeNamed(name: string, bytes: Uint8Array): ReturnType<typeof decodeCheckpoint> {
  try {
    return decodeCheckpoint(bytes);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new LabError('checkpoint-invalid', { name, detail }, `Could not import "${name}": ${detail}`);
  }
}

/** Whether every character of `text` is in `vocab`. */
export function vocabCovers(vocab: readonly string[], text: string): boolean {
  const known = new Set(vocab);
  for (const ch of text) if (!known.has(ch)) return false;
  return true;
}
