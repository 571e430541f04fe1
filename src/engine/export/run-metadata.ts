// The run description inside a checkpoint: `__metadata__.gpt_lab_run` holds it as JSON (decodeCheckpoint reads
// and checks it into `Gpt2Checkpoint.run`). The CLI adds it to the bytes its trainers encode, so the trainers'
// encoders stay as they are and the tensors are written unchanged. Tested by run-description.test.ts.

import { readSafetensors, writeSafetensors } from '../checkpoint/safetensors';
import type { RunDescription } from './run-description';

export const RUN_METADATA_KEY = 'gpt_lab_run';

/** `checkpoint` (safetensors bytes) with `run` recorded in its metadata, tensors in the same order and layout. */
export function withRunMetadata(checkpoint: Uint8Array, run: RunDescription): Uint8Array {
  const { tensors, metadata } = readSafetensors(checkpoint);
  return writeSafetensors([...tensors.values()], { ...metadata, [RUN_METADATA_KEY]: JSON.stringify(run) });
}
