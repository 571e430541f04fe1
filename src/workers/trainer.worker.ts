// The trainer worker: owns the GPUDevice and the engine; the page talks to it only through protocol.ts.
// Step metrics are batched and sent as transferred Float32Arrays so the page never blocks.

import * as Comlink from 'comlink';
import { encodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { splitCorpus } from '../engine/data/corpus';
import { openDevice } from '../engine/gpu/request-device';
import { getPreset, presetTrainConfig } from '../engine/presets';
import { Trainer, type StepMetrics } from '../engine/train/trainer';
import { GpuContext } from '../kernels/runtime/context';
import { STEP_COLUMNS, type AdapterSummary, type CreateRunRequest, type RunSummary, type TrainerEvent, type TrainerWorkerApi } from './protocol';

let ctx: GpuContext | undefined;
let trainer: Trainer | undefined;
let paused = false;
/** Send accumulated step rows at most this often (ms). */
const FLUSH_MS = 100;

const api: TrainerWorkerApi = {
  async open(): Promise<AdapterSummary> {
    if (!('gpu' in navigator) || !navigator.gpu) throw new Error('WebGPU is not available in this browser');
    const opened = await openDevice(navigator.gpu);
    ctx = new GpuContext(opened.device);
    const l = opened.device.limits;
    return {
      name: opened.adapterName,
      features: opened.features,
      maxBufferMiB: l.maxBufferSize / 2 ** 20,
      maxStorageBindingMiB: l.maxStorageBufferBindingSize / 2 ** 20,
      maxWorkgroupStorageKiB: l.maxComputeWorkgroupStorageSize / 1024,
    };
  },

  async create(req: CreateRunRequest): Promise<RunSummary> {
    if (!ctx) throw new Error('call open() first');
    trainer?.destroy();
    const preset = getPreset(req.preset);
    const train = presetTrainConfig(preset, req.train ?? {});
    const corpus = splitCorpus(req.text, preset.model.blockSize);
    trainer = new Trainer(ctx, { model: preset.model, train, corpus });
    const m = trainer.model.memory;
    return { params: trainer.model.layout.count, vocab: trainer.cfg.vocabSize, trainTokens: corpus.train.length, valTokens: corpus.val.length, memoryMiB: m.totalBytes / 2 ** 20 };
  },

  async run(steps: number, onEvent: (e: TrainerEvent) => void): Promise<void> {
    const t = trainer;
    if (!t) throw new Error('call create() first');
    paused = false;
    let rows: number[] = [];
    let lastFlush = performance.now();
    const flush = () => {
      if (!rows.length) return;
      const data = new Float32Array(rows);
      rows = [];
      lastFlush = performance.now();
      onEvent(Comlink.transfer({ type: 'steps', rows: data }, [data.buffer]));
    };
    t.onStep = (m: StepMetrics) => {
      for (const c of STEP_COLUMNS) rows.push(m[c]);
      if (performance.now() - lastFlush > FLUSH_MS) flush();
    };
    try {
      const end = t.stepsTaken + steps;
      while (t.stepsTaken < end && !paused) {
        await t.step();
        const s = t.stepsTaken;
        if ((t.train.evalEvery > 0 && s % t.train.evalEvery === 0) || s === t.train.steps) {
          await t.flush();
          flush();
          onEvent({ type: 'val', step: s, loss: await t.evaluate() });
        }
      }
      await t.flush();
      flush();
      onEvent({ type: 'done', steps: t.stepsTaken });
    } catch (e) {
      flush();
      onEvent({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  },

  pause(): void {
    paused = true;
  },

  async sample(prompt, tokens, temperature, topK, seed): Promise<string> {
    if (!trainer) throw new Error('call create() first');
    return trainer.sample(prompt, { tokens, temperature, topK, seed });
  },

  async exportCheckpoint(): Promise<Uint8Array> {
    if (!trainer) throw new Error('call create() first');
    const bytes = encodeCheckpoint(trainer.cfg, trainer.tokenizer, await trainer.model.readParams());
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
};

Comlink.expose(api);
