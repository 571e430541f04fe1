// `npm run eval -- --ckpt FILE --data FILE [--json]`: validation loss of a checkpoint = mean next-token
// cross-entropy over the last 10 % of the text, cut into consecutive non-overlapping windows of n_positions+1
// tokens (remainder dropped).

import { decodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { decodeCorpus, trainSplitIndex } from '../engine/data/corpus';
import { evalLoss } from '../engine/eval/eval-loss';
import { emit, parseArgs, runMain } from './args';
import { readBytes } from './load-data';
import { nodeGpu } from './node-gpu';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    ckpt: { kind: 'string', help: 'checkpoint (.safetensors) written by train' },
    data: { kind: 'string', help: 'UTF-8 text file; its last 10 % is evaluated' },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run eval -- --ckpt FILE --data FILE');
  if (!a.ckpt || !a.data) throw new Error('give --ckpt FILE and --data FILE');
  const ckpt = decodeCheckpoint(readBytes(String(a.ckpt)));
  const text = decodeCorpus(readBytes(String(a.data)), String(a.data));
  const tokens = ckpt.tokenizer.encode(text);
  const val = tokens.subarray(trainSplitIndex(tokens.length));
  const gpu = await nodeGpu();
  const r = await evalLoss(gpu.ctx, ckpt.config, ckpt.flat, val);
  emit(Boolean(a.json), { adapter: gpu.adapterName, valLoss: r.loss, windows: r.windows, tokens: r.tokens });
});
