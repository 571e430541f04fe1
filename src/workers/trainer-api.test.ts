// The worker API end to end on the Node WebGPU adapter (SwiftShader in CI), `tiny` model, a few steps:
// event order (steps rows before val before saved, probes every `every` steps and when stopping, state last),
// resuming from a `saved` snapshot reproduces the uninterrupted losses, pause / step / probe / saveState /
// exportCheckpoint, and errors as events (NaN loss, device lost) or rejections (mismatched resume).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeGpu } from '../cli/node-gpu';
import { decodeCheckpoint, encodeCheckpoint } from '../engine/checkpoint/gpt2-checkpoint';
import { getPreset, presetTrainConfig } from '../engine/presets';
import { STEP_COLUMNS, type ProbeSettings, type RunSpec, type SavedState, type TrainerEvent } from './protocol';
import { createTrainerApi } from './trainer-api';

const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8').slice(0, 20_000);
const tiny = getPreset('tiny');
const spec = (steps: number, evalEvery = 2): RunSpec => ({ model: tiny.model, train: presetTrainConfig(tiny, { steps, evalEvery, evalBatches: 1, warmupSteps: 1 }) });
const probes: ProbeSettings = { probeText: 'Once upon', samplePrompt: 'The', temperature: 0.8, topK: 5, sampleTokens: 4, every: 3 };

function recorder() {
  const events: TrainerEvent[] = [];
  const of = <K extends TrainerEvent['type']>(type: K) => events.filter((e): e is Extract<TrainerEvent, { type: K }> => e.type === type);
  const stepColumn = (): number[] => of('steps').flatMap((e) => Array.from(e.rows).filter((_, i) => i % STEP_COLUMNS.length === 0));
  const losses = (): number[] => of('steps').flatMap((e) => Array.from(e.rows).filter((_, i) => i % STEP_COLUMNS.length === 1));
  const probeSteps = (type: 'embedding' | 'activations' | 'attention' | 'sample') => of(type).map((e) => e.view.step);
  return { events, onEvent: (e: TrainerEvent) => events.push(e), of, stepColumn, losses, probeSteps };
}

// One API for the whole file (pipelines compile once per GpuContext); the device-loss test runs last.
let loseDevice: ((reason: string) => void) | undefined;
const api = createTrainerApi(async (onLost) => {
  loseDevice = onLost;
  return nodeGpu();
});

describe('trainer worker API', () => {
  it('trains, validates, snapshots and probes in order; a resumed run continues identically', async () => {
    expect((await api.open()).name.length).toBeGreaterThan(0);
    api.setProbes(probes);
    const a = recorder();
    const summary = await api.create({ text, spec: spec(4) }, a.onEvent);
    expect(summary.step).toBe(0);
    expect(summary.trainTokens + summary.valTokens).toBe(text.length);
    await api.run();

    expect(a.of('state').map((e) => [e.state, e.step])).toEqual([['running', 0], ['done', 4]]);
    expect(a.stepColumn()).toEqual([1, 2, 3, 4]);
    expect(a.of('val').map((e) => e.step)).toEqual([2, 4]);
    expect(a.of('val').every((e) => Number.isFinite(e.loss) && e.stage === 'pretrain')).toBe(true);
    expect(a.of('saved').map((e) => e.state.step)).toEqual([2, 4]);
    for (const type of ['embedding', 'activations', 'attention', 'sample'] as const) expect(a.probeSteps(type)).toEqual([3, 4]);
    expect(a.of('sample')[0].view.text.startsWith('The')).toBe(true);
    expect(a.of('sample')[0].view.text.length).toBe(3 + 4);
    // Step rows arrive before the validation of their step; the state comes last.
    const at = (pred: (e: TrainerEvent) => boolean) => a.events.findIndex(pred);
    const lastRows = a.events.map((e) => e.type).lastIndexOf('steps');
    expect(lastRows).toBeLessThan(at((e) => e.type === 'val' && e.step === 4));
    expect(at((e) => e.type === 'val' && e.step === 4)).toBeLessThan(at((e) => e.type === 'saved' && e.state.step === 4));
    expect(a.events.at(-1)).toMatchObject({ type: 'state', state: 'done' });

    const b = recorder();
    const saved2: SavedState = a.of('saved')[0].state;
    expect((await api.create({ text, spec: spec(4), resume: saved2 }, b.onEvent)).step).toBe(2);
    await api.run();
    expect(b.stepColumn()).toEqual([3, 4]);
    expect(b.losses()).toEqual(a.losses().slice(2));
    api.dispose();
  });

  it('pauses, steps, probes and saves on request', async () => {
    await api.open();
    api.setProbes({ ...probes, every: 0 });
    const r = recorder();
    let probing: Promise<void> | undefined;
    await api.create({ text, spec: spec(1000, 0) }, (e) => {
      r.onEvent(e);
      if (e.type === 'steps' && !probing) {
        probing = api.probe(); // while training: runs between steps without waiting for the loop to stop
        api.pause();
      }
    });
    await api.run();
    await probing;
    const states = r.of('state');
    expect(states.map((e) => e.state)).toEqual(['running', 'paused']);
    const paused = states[1].step;
    expect(paused).toBeGreaterThan(0);
    expect(r.stepColumn()).toEqual(Array.from({ length: paused }, (_, i) => i + 1));
    expect(r.of('saved').map((e) => e.state.step)).toEqual([paused]);
    expect(r.probeSteps('attention').at(-1)).toBe(paused);

    await api.step();
    expect(r.stepColumn().at(-1)).toBe(paused + 1);
    expect(r.of('state').at(-1)).toMatchObject({ state: 'paused', step: paused + 1 });
    expect(r.probeSteps('embedding').at(-1)).toBe(paused + 1);

    const before = r.events.length;
    await api.probe();
    expect(r.events.slice(before).map((e) => e.type)).toEqual(['embedding', 'activations', 'attention', 'sample']);

    const state = await api.saveState();
    expect(state.step).toBe(paused + 1);
    const ckpt = decodeCheckpoint(await api.exportCheckpoint());
    expect(state.m.length).toBe(ckpt.layout.total);
    expect(ckpt.config.nLayer).toBe(tiny.model.nLayer);
    api.dispose();
  });

  it('reports a NaN loss, a device loss and a mismatched resume', async () => {
    await api.open();
    api.setProbes(probes);
    await api.create({ text, spec: spec(4) }, () => undefined);
    const good = await api.saveState();
    expect(good.step).toBe(0);

    await expect(api.create({ text, spec: { ...spec(4), model: { ...tiny.model, nLayer: 1 } }, resume: good }, () => undefined)).rejects.toThrow(/saved run's model is L=2 .* asks for L=1/);

    const ckpt = decodeCheckpoint(good.checkpoint);
    ckpt.flat[ckpt.layout.specs.find((s) => s.name === 'transformer.ln_f.weight')!.offset] = NaN;
    const poisoned: SavedState = { ...good, checkpoint: encodeCheckpoint(ckpt.config, ckpt.tokenizer, ckpt.flat) };
    const nan = recorder();
    await api.create({ text, spec: spec(4), resume: poisoned }, nan.onEvent);
    await api.run();
    expect(nan.of('error').map((e) => [e.step, e.message])).toEqual([[1, expect.stringMatching(/loss became NaN at step 1/)]]);
    expect(nan.of('state').map((e) => e.state)).toEqual(['running', 'error']);
    expect(nan.of('saved')).toEqual([]);

    const lost = recorder();
    await api.create({ text, spec: spec(4) }, lost.onEvent);
    loseDevice!('destroyed: test');
    // the error carries its code and parameters, so the page words it in the reader's language
    expect(lost.events).toEqual([{ type: 'error', message: 'GPU device lost: destroyed: test', code: 'device-lost', params: { reason: 'destroyed: test' }, step: 0 }, { type: 'state', state: 'error', step: 0 }]);
    await expect(api.create({ text, spec: spec(4) }, () => undefined)).rejects.toThrow(/device lost/);
    await api.open();
    expect((await api.create({ text, spec: spec(4) }, () => undefined)).step).toBe(0);
    api.dispose();
  });
});
