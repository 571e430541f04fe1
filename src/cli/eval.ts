// `npm run eval -- --ckpt FILE --data FILE [--json]`: validation loss of a checkpoint = mean next-token
// cross-entropy over the last 10 % of the text, cut into consecutive non-overlapping windows of n_positions+1
// tokens (remainder dropped). A checkpoint with non-finite weights, or a non-finite loss, fails naming the file.
// A progress line (windows/s, time left) shows on a terminal. Tested by cli.test.ts.

import { expectLanguageModel } from '../engine/checkpoint/gpt2-checkpoint';
import { trainSplitIndex } from '../engine/data/corpus';
import { emit, parseArgs, requireFinite, runMain } from './args';
import { evalInChunks } from './eval-chunks';
import { loadCheckpoint } from './files';
import { readCorpus } from './load-data';
import { nodeGpu } from './node-gpu';
import { Progress } from './progress';
import { requireFiniteWeights } from './weights';

/** Evaluations with a progress line run in about this many chunks (each builds its model anew). */
const PROGRESS_CHUNKS = 50;

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    ckpt: { kind: 'string', help: 'checkpoint (.safetensors) written by train' },
    data: { kind: 'string', help: 'UTF-8 text file; its last 10 % is evaluated' },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run eval -- --ckpt FILE --data FILE');
  if (!a.ckpt || !a.data) throw new Error('give --ckpt FILE and --data FILE');
  const file = String(a.ckpt);
  const data = String(a.data);
  const ckpt = loadCheckpoint(file);
  expectLanguageModel(ckpt, file);
  requireFiniteWeights(ckpt, file);
  const tokens = ckpt.tokenizer.encode(readCorpus(data));
  const val = tokens.subarray(trainSplitIndex(tokens.length));
  const gpu = await nodeGpu();
  const windows = Math.floor(val.length / (ckpt.config.blockSize + 1));
  const progress = new Progress('eval', windows, 'windows', { json: Boolean(a.json) });
  const r = await evalInChunks(gpu.ctx, ckpt.config, ckpt.flat, val, {
    chunkWindows: progress.enabled ? Math.max(64, Math.ceil(windows / PROGRESS_CHUNKS)) : undefined,
    onProgress: (done) => progress.update(done),
  }).finally(() => progress.clear());
  requireFinite({ valLoss: r.loss }, `${file} on ${data}`);
  emit(Boolean(a.json), { adapter: gpu.adapterName, valLoss: r.loss, windows: r.windows, tokens: r.tokens });
});
