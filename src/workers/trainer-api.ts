// TrainerWorkerApi (protocol.ts) over an injected device opener, so the same code runs in the browser worker
// (navigator.gpu) and in Node tests (Dawn). Holds the device, the probe settings and the current LabRun.
// Tested by trainer-api.test.ts on the Node WebGPU adapter.

import * as Comlink from 'comlink';
import { encodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import type { OpenedDevice } from '../engine/gpu/request-device';
import { GpuContext } from '../kernels/runtime/context';
import { buildTrainer } from './build-trainer';
import { LabRun } from './lab-run';
import type { AdapterSummary, ProbeSettings, TrainerWorkerApi } from './protocol';

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

  const current = (): LabRun => {
    if (!run) throw new Error('no run: call create() first');
    return run;
  };

  return {
    async open(): Promise<AdapterSummary> {
      if (adapter && !lost) return adapter;
      const generation = ++opens;
      const opened = await openGpu((reason) => {
        if (generation !== opens) return;
        lost = reason;
        run?.fail(new Error(`GPU device lost: ${reason}`));
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
      if (lost) throw new Error(`GPU device lost: ${lost}; call open() again`);
      if (!ctx) throw new Error('call open() first');
      run?.dispose();
      run = undefined;
      const { trainer, corpus } = buildTrainer(ctx, req);
      run = new LabRun(ctx, trainer, onEvent, probes);
      return {
        params: trainer.model.layout.count,
        vocab: trainer.cfg.vocabSize,
        trainTokens: corpus.train.length,
        valTokens: corpus.val.length,
        memoryMiB: trainer.model.memory.totalBytes / 2 ** 20,
        step: trainer.stepsTaken,
      };
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
      const t = current().trainer;
      const bytes = encodeCheckpoint(t.cfg, t.tokenizer, await t.model.readParams());
      return Comlink.transfer(bytes, [bytes.buffer]);
    },

    dispose() {
      run?.dispose();
      run = undefined;
    },
  };
}
