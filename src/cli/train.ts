// `npm run train -- --dataset ID | --data FILE --preset NAME [--steps N] [--seed S] [--lr X] [--batch B] [--out FILE] [--precision auto|f32] [--json]`
// Pretrains a GPT on the Node WebGPU adapter and prints step, train loss, val loss, tokens/s, the adapter and the
// matmul precision in use (f32, f16 or subgroup-matrix; with f16 inputs also the loss scale and skipped steps).
// Writes the checkpoint (.safetensors, HF GPT-2 names, the run recorded for `npm run export`) at each evaluation
// and at the end, never after a non-finite loss: the last good checkpoint is kept. A non-finite training or
// validation loss stops the run with status 1, naming the step. A progress line (steps/s, time left) shows on a
// terminal. Tested by cli.test.ts and export.test.ts.

import { splitCorpus } from '../engine/data/corpus';
import { getPreset, presetTrainConfig } from '../engine/presets';
import { Trainer, TrainingDivergedError } from '../engine/train/trainer';
import { parsePrecision } from '../kernels/matmul/precision';
import { emit, parseArgs, runMain } from './args';
import { checkOutput, checkWritable, writeFileAtomic } from './files';
import { loadText } from './load-data';
import { nodeGpu } from './node-gpu';
import { Progress } from './progress';
import { recordedData, recordRun } from './run-record';

const USAGE = 'npm run train -- (--dataset ID | --data FILE) --preset NAME [options]';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    dataset: { kind: 'string', help: 'bundled dataset id (public/datasets/index.json)' },
    data: { kind: 'string', help: 'a UTF-8 text file to train on' },
    preset: { kind: 'string', help: 'tiny | small | shakespeare-char-size (default tiny)' },
    layers: { kind: 'int', help: 'transformer blocks L (default: the preset\'s)', min: 1 },
    heads: { kind: 'int', help: 'attention heads NH (default: the preset\'s)', min: 1 },
    width: { kind: 'int', help: 'residual width C (default: the preset\'s)', min: 1 },
    context: { kind: 'int', help: 'context length T (default: the preset\'s)', min: 1 },
    steps: { kind: 'int', help: 'optimizer steps', min: 1 },
    seed: { kind: 'int', help: 'random seed' },
    lr: { kind: 'number', help: 'peak learning rate', min: 0 },
    batch: { kind: 'int', help: 'batch size B', min: 1 },
    'eval-every': { kind: 'int', help: 'validation loss every N steps (0: only at the end)', min: 0 },
    'log-every': { kind: 'int', help: 'print every N steps (default 10)', min: 1 },
    out: { kind: 'string', help: 'checkpoint file to write (.safetensors)' },
    precision: { kind: 'string', help: 'matmul precision: auto (f16 inputs where the GPU offers them, default) | f32' },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, USAGE);
  const precision = parsePrecision(String(a.precision ?? 'auto'));
  const json = Boolean(a.json);
  const preset = getPreset(String(a.preset ?? 'tiny'));
  const train = presetTrainConfig(preset, {
    steps: a.steps as number | undefined, seed: a.seed as number | undefined, lr: a.lr as number | undefined,
    batchSize: a.batch as number | undefined, evalEvery: a['eval-every'] as number | undefined,
  });
  const logEvery = (a['log-every'] as number | undefined) ?? 10;
  const { text, name } = loadText({ data: a.data as string | undefined, dataset: a.dataset as string | undefined });
  const model = {
    nLayer: (a.layers as number | undefined) ?? preset.model.nLayer, nHead: (a.heads as number | undefined) ?? preset.model.nHead,
    nEmbd: (a.width as number | undefined) ?? preset.model.nEmbd, blockSize: (a.context as number | undefined) ?? preset.model.blockSize,
  };
  const out = a.out as string | undefined;
  if (out) checkOutput(out, [a.data as string | undefined]);
  const corpus = splitCorpus(text, model.blockSize);
  if (out) checkWritable(out); // before any GPU work; an existing file is kept until the new one is complete
  const gpu = await nodeGpu();
  const trainer = new Trainer(gpu.ctx, { model, train, corpus, precision });
  const cfg = trainer.cfg;
  emit(json, {
    event: 'start', adapter: gpu.adapterName, precision: trainer.precision, data: name, preset: preset.name, params: trainer.model.layout.count,
    vocab: cfg.vocabSize, layers: cfg.nLayer, heads: cfg.nHead, width: cfg.nEmbd, context: cfg.blockSize,
    batch: train.batchSize, steps: train.steps, lr: train.lr, seed: train.seed, trainTokens: corpus.train.length, valTokens: corpus.val.length,
  });
  let savedAt = 0;
  const save = async () => {
    if (!out) return;
    const step = trainer.stepsTaken;
    const data = recordedData('pretrain', { data: a.data as string | undefined, dataset: a.dataset as string | undefined });
    writeFileAtomic(out, recordRun(trainer.encode(await trainer.model.readParams()), { stage: 'pretrain', step, train, stageSettings: {}, data, preset: preset.name }));
    savedAt = step;
  };
  const started = performance.now();
  const progress = new Progress('train', train.steps, 'steps', { json });
  const report = (record: Record<string, unknown>) => {
    progress.clear();
    emit(json, record);
  };
  trainer.onStep = (m) => {
    if (m.step % logEvery === 0 || m.step === 1 || m.step === train.steps) {
      const scaling = m.lossScale === undefined ? {} : { lossScale: m.lossScale, skippedSteps: m.skippedSteps };
      report({ step: m.step, loss: m.loss, gradNorm: m.gradNorm, lr: m.lr, tokensPerSec: Math.round(m.tokensPerSec), stepMs: m.stepMs, ...scaling });
    }
    progress.update(m.step);
  };
  try {
    for (let s = 1; s <= train.steps; s++) {
      await trainer.step();
      if ((train.evalEvery > 0 && s % train.evalEvery === 0) || s === train.steps) {
        await trainer.flush();
        trainer.throwIfDiverged();
        const valLoss = await trainer.evaluate();
        if (!Number.isFinite(valLoss)) throw validationDiverged(s, valLoss);
        report({ step: s, valLoss });
        if (trainer.lastGoodStep === s) await save();
      }
    }
    await trainer.flush();
    trainer.throwIfDiverged();
  } catch (e) {
    if (e instanceof TrainingDivergedError && out) e.message += savedAt ? ` (${out} holds the checkpoint of step ${savedAt})` : ` (${out} was not written: no evaluation had passed yet)`;
    throw e;
  } finally {
    progress.clear();
  }
  const seconds = (performance.now() - started) / 1000;
  emit(json, { event: 'done', steps: train.steps, seconds, tokensPerSec: Math.round((train.steps * train.batchSize * cfg.blockSize) / seconds), checkpoint: out ?? 'none' });
});

/** A finite training loss but a non-finite validation loss: stopped like a divergence (the last good checkpoint is kept). */
function validationDiverged(step: number, valLoss: number): TrainingDivergedError {
  const e = new TrainingDivergedError(step, valLoss);
  e.message = `training stopped: the validation loss became ${valLoss} at step ${step}; lower the learning rate or enable gradient clipping (the last good checkpoint is kept)`;
  return e;
}
