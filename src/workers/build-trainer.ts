// Builds the Trainer of a CreateRunRequest: a fresh run from the spec, or a resumed one from a SavedState
// (checkpoint checked against the spec's model, its tokenizer reused, parameters, AdamW moments and step
// restored so the schedule and batches continue). Tested by trainer-api.test.ts.

import { decodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import type { ModelConfig } from '../engine/config';
import { splitCorpus, type Corpus } from '../engine/data/corpus';
import { Trainer } from '../engine/train/trainer';
import type { GpuContext } from '../kernels/runtime/context';
import { LAB_IN_FLIGHT } from './build-stage';
import type { CreateRunRequest } from './protocol';

export function buildTrainer(ctx: GpuContext, req: CreateRunRequest): { trainer: Trainer; corpus: Corpus } {
  const { model, train } = req.spec;
  // The context's matmul precision holds for this run and the later stages built on the same context.
  const precision = req.spec.precision ?? 'auto';
  if (!req.resume) {
    const corpus = splitCorpus(req.text, model.blockSize);
    return { trainer: new Trainer(ctx, { model, train, corpus, maxInFlight: LAB_IN_FLIGHT, precision }), corpus };
  }
  const saved = decodeCheckpoint(req.resume.checkpoint);
  const describe = (m: Omit<ModelConfig, 'vocabSize'>) => `L=${m.nLayer} NH=${m.nHead} C=${m.nEmbd} T=${m.blockSize}`;
  const same = saved.config.nLayer === model.nLayer && saved.config.nHead === model.nHead && saved.config.nEmbd === model.nEmbd && saved.config.blockSize === model.blockSize;
  if (!same) throw new Error(`resume: the saved run's model is ${describe(saved.config)} but the experiment asks for ${describe(model)}; start a new run or restore the saved settings`);
  let corpus: Corpus;
  try {
    corpus = splitCorpus(req.text, model.blockSize, saved.tokenizer);
  } catch (e) {
    throw new Error(`resume: this text does not fit the saved run's vocabulary (was it trained on another dataset?): ${e instanceof Error ? e.message : String(e)}`);
  }
  // initialParams skips the random initialization; restore() then sets parameters, moments and step together.
  const trainer = new Trainer(ctx, { model, train, corpus, initialParams: saved.flat, maxInFlight: LAB_IN_FLIGHT, precision });
  try {
    trainer.restore(req.resume.step, saved.flat, req.resume.m, req.resume.v);
  } catch (e) {
    trainer.destroy();
    throw e;
  }
  return { trainer, corpus };
}
