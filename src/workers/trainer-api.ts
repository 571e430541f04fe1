// TrainerWorkerApi (protocol.ts) over an injected device opener, so the same code runs in the browser worker
// (navigator.gpu) and in Node tests (Dawn). Holds the device, the probe settings and the current LabRun (of any
// stage), and makes reward-model data (rankings, hand-ranking samples) from a checkpoint.
// Tested by trainer-api.test.ts on the Node WebGPU adapter.

import * as Comlink from 'comlink';
import { decodeCheckpoint, expectLanguageModel } from '../engine/checkpoint/gpt2-checkpoint';
import { LabError, labErrorInfo } from '../engine/errors';
import type { OpenedDevice } from '../engine/gpu/request-device';
import { labelerById } from '../engine/labelers/labelers';
import { lessonSpec } from '../engine/lessons/lesson-spec';
import { summarizeLesson } from '../engine/lessons/lesson-summary';
import { runLesson, type LessonEvent } from '../engine/lessons/run-lesson';
import { makeRankings, ResponseSampler } from '../engine/stages/rankings';
import { GpuContext } from '../kernels/runtime/context';
import { buildStage } from './build-stage';
import { buildTrainer } from './build-trainer';
import { LabRun } from './lab-run';
import { pretrainStage } from './lab-stages';
import type { AdapterSummary, ProbeSettings, RunSummary, TrainerWorkerApi } from './protocol';

function summarize(run: LabRun, train: number, val: number): RunSummary {
  const t = run.trainer;
  return {
    stage: run.stage.stage,
    params: t.model.layout.count,
    vocab: t.model.cfg.vocabSize,
    trainTokens: train,
    valTokens: val,
    memoryMiB: t.model.memory.totalBytes / 2 ** 20,
    step: t.stepsTaken,
  };
}

/** Opens a device; `onLost` is called if it is lost later. */
export type OpenGpu = (onLost: (reason: string) => void) => Promise<OpenedDevice>;

/** Probe settings until the page sends its own with setProbes (the page's defaults are the same). */
export const INITIAL_PROBES: ProbeSettings = {
  probeText: 'Once upon a time, a little cat',
  samplePrompt: 'Once upon a time',
  temperature: 0.8,
  topK: 20,
  sampleTokens: 120,
  every: 25,
};

/** Errors thrown by a call keep their `code` and `params` (src/engine/errors.ts) across the worker boundary: Comlink's
 *  own handler sends only message, name and stack; the page's side copies every field it gets back onto an Error. */
const comlinkThrow = Comlink.transferHandlers.get('throw')!;
Comlink.transferHandlers.set('throw', {
  canHandle: comlinkThrow.canHandle,
  serialize(thrown) {
    const [out, transfer] = comlinkThrow.serialize(thrown) as [{ isError: boolean; value: Record<string, unknown> }, Transferable[]];
    const info = labErrorInfo((thrown as { value: unknown }).value);
    if (out.isError && info) Object.assign(out.value, info);
    return [out, transfer];
  },
  deserialize: comlinkThrow.deserialize,
});

function checkProbes(p: ProbeSettings): ProbeSettings {
  const count = (k: 'topK' | 'sampleTokens' | 'every') => {
    if (!Number.isInteger(p[k]) || p[k] < 0) throw new Error(`probe settings: ${k} must be a non-negative integer (got ${p[k]})`);
  };
  count('topK');
  count('sampleTokens');
  count('every');
  if (!(p.temperature >= 0)) throw new Error(`probe settings: temperature must be >= 0 (got ${p.temperature})`);
  return { ...p };
}

export function createTrainerApi(openGpu: OpenGpu): TrainerWorkerApi {
  let ctx: GpuContext | undefined;
  let adapter: AdapterSummary | undefined;
  let lost: string | undefined;
  let run: LabRun | undefined;
  let probes = INITIAL_PROBES;
  /** Counts open() calls, so a loss reported by an earlier device is ignored. */
  let opens = 0;
  /** Set by stopLesson(); a running lesson checks it between steps. */
  let lessonStop = false;

  const current = (): LabRun => {
    if (!run) throw new Error('no run: call create() first');
    return run;
  };

  const device = (): GpuContext => {
    if (lost) throw new LabError('device-lost', { reason: lost }, `GPU device lost: ${lost}; call open() again`);
    if (!ctx) throw new Error('call open() first');
    return ctx;
  };

  /** Frees the current run before the next one allocates (two runs never hold GPU memory at once). */
  const replaceRun = async (): Promise<GpuContext> => {
    const c = device();
    const old = run;
    run = undefined;
    await old?.dispose();
    return c;
  };

  return {
    async open(): Promise<AdapterSummary> {
      if (adapter && !lost) return adapter;
      const generation = ++opens;
      const opened = await openGpu((reason) => {
        if (generation !== opens) return;
        lost = reason;
        run?.fail(new LabError('device-lost', { reason }, `GPU device lost: ${reason}`));
      });
      lost = undefined;
      ctx = new GpuContext(opened.device);
      const l = opened.device.limits;
      adapter = {
        name: opened.adapterName,
        features: opened.features,
        maxBufferMiB: l.maxBufferSize / 2 ** 20,
        maxStorageBindingMiB: l.maxStorageBufferBindingSize / 2 ** 20,
        maxWorkgroupStorageKiB: l.maxComputeWorkgroupStorageSize / 1024,
      };
      return adapter;
    },

    async create(req, onEvent) {
      const c = await replaceRun();
      const { trainer, corpus } = buildTrainer(c, req);
      run = new LabRun(c, pretrainStage(trainer), onEvent, probes);
      return summarize(run, corpus.train.length, corpus.val.length);
    },

    async createStage(req, onEvent) {
      const c = await replaceRun();
      const { stage, examples } = buildStage(c, req);
      run = new LabRun(c, stage, onEvent, probes);
      return summarize(run, examples.train, examples.val);
    },

    async rank(req, onProgress) {
      const c = device();
      const ckpt = decodeCheckpoint(req.init);
      expectLanguageModel(ckpt, 'the SFT checkpoint');
      return makeRankings(c, ckpt, req.prompts, req.k, labelerById(req.labeler), req, (done, total) => onProgress({ done, total }));
    },

    async sampleResponses(req) {
      const c = device();
      const ckpt = req.init ? decodeCheckpoint(req.init) : decodeCheckpoint(await current().exportCheckpoint());
      expectLanguageModel(ckpt, req.init ? 'the checkpoint to sample from' : 'the current run');
      const sampler = new ResponseSampler(c, ckpt, Math.max(1, Math.min(req.k, 16)));
      try {
        const [responses] = await sampler.sample([req.prompt], req.k, req);
        return responses;
      } finally {
        sampler.destroy();
      }
    },

    run: () => current().run(),
    pause: () => run?.pause(),
    step: () => current().step(),

    setProbes(p) {
      probes = checkProbes(p);
      run?.setProbes(probes);
    },

    probe: () => current().probe(),

    async saveState() {
      const s = await current().saveState();
      return Comlink.transfer(s, [s.checkpoint.buffer, s.m.buffer, s.v.buffer]);
    },

    async exportCheckpoint() {
      const bytes = await current().exportCheckpoint();
      return Comlink.transfer(bytes, [bytes.buffer]);
    },

    async runLesson(req, load, onEvent) {
      const c = await replaceRun();
      const spec = lessonSpec(req.id, req.lang, req.overrides);
      lessonStop = false;
      const events: LessonEvent[] = [];
      await runLesson(c, spec, {
        load: (id) => load(id),
        onEvent: (e) => {
          events.push(e);
          onEvent(e);
        },
        stopped: () => lessonStop || lost !== undefined,
      });
      if (lost) throw new LabError('device-lost', { reason: lost }, `GPU device lost: ${lost}`);
      return summarizeLesson(req.id, events);
    },

    stopLesson() {
      lessonStop = true;
    },

    dispose() {
      void run?.dispose();
      run = undefined;
    },

    loseDevice() {
      ctx?.device.destroy();
    },
  };
}
