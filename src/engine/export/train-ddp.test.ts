// train_ddp.py (Debian's PyTorch) against the engine (SwiftShader), one stage at a time: a tiny run trained 2 steps
// by the engine is exported as a folder; PyTorch writes it back unchanged with --steps 0 (every file byte for byte,
// every tensor bit-exact, the metadata kept); `torchrun --standalone --nproc_per_node=2` (gloo, CPU) continues it 3
// steps: its first global batch is the engine's, its first loss the engine's on that batch, both ranks end with
// identical weights, and the engine imports the result and evaluates it to the validation figures PyTorch printed.
// Needs /usr/bin/torchrun (Debian python3-torch, installed by .ci/run); without it the tests fail, naming the package.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRunFolder, readRunFolder, type RunFolder } from '../../cli/run-folder-io';
import { decodeCheckpoint, encodeCheckpoint, type Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import type { TrainConfig } from '../config';
import { BatchSampler } from '../data/batches';
import { splitCorpus } from '../data/corpus';
import { parseRankedJsonl, parseSftJsonl, type RankedRecord, type SftRecord } from '../data/jsonl';
import { CharTokenizer } from '../data/tokenizer';
import { initParams, paramLayout } from '../model/params';
import { getPreset, presetTrainConfig } from '../presets';
import { ExampleOrder } from '../stages/example-order';
import { RewardTrainer } from '../stages/reward';
import { takeGroups, type RankedGroup } from '../stages/reward-batch';
import { SftTrainer } from '../stages/sft';
import { sftBatch } from '../stages/sft-batch';
import { testCtx } from '../../test/gpu';
import type { LoopTrainer } from '../train/loop-trainer';
import { seededNormal, Trainer } from '../train/trainer';
import type { RunDescription, RunStage } from './run-description';

const PYTHON = '/usr/bin/python3';
const TORCHRUN = '/usr/bin/torchrun';
/** Steps the engine takes before exporting (so the folder carries non-zero AdamW moments and a schedule position). */
const BEFORE = 2;
/** Steps the two processes continue for. */
const CONTINUE = 3;
/**
 * Relative agreement of every loss compared (training losses, held-out figures): float32 on both sides, reductions in
 * different orders. Measured: at most 1.1e-7, also after 3 AdamW steps. 2e-6 still fails when weight decay also
 * touches the 1-D parameters (2e-5 off at the second step).
 */
const RTOL = 2e-6;
/** Gradient norms: sums of squares over every parameter, in float32, in different orders. */
const GRAD_NORM_RTOL = 1e-5;
/** Weights after the continuation, two processes against one: |difference| / |update| (gradients summed in another
 *  order, then AdamW, whose m/√v turns rounding in near-zero gradients into whole-step differences here and there). */
const WEIGHT_RTOL = 1e-3;

/**
 * `--standalone` as PyTorch 2 spells it out: a c10d rendezvous on a free localhost port with a fresh id. Debian's
 * torch 1.13 pins --standalone to port 29400, so two runs at once on one machine (another checkout's tests) would
 * meet in one rendezvous and break each other.
 */
const STANDALONE = ['--nnodes=1', '--rdzv_backend=c10d', '--rdzv_endpoint=localhost:0', `--rdzv_id=train-ddp-${process.pid}`];
/**
 * Debian's torchrun (torch 1.13 on Python 3.11) reads the default "0" of --redirects and --tee as None and fails,
 * so they get a harmless non-zero value (stderr also copied to a log under the work folder); it polls its workers
 * only every 5 s by default.
 */
const DEBIAN_TORCHRUN = ['--redirects', '2', '--tee', '2', '--monitor_interval', '0.5'];

const tiny = getPreset('tiny');
const T = tiny.model.blockSize;
const work = mkdtempSync(join(tmpdir(), 'train-ddp-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  if (!existsSync(TORCHRUN) || !existsSync(PYTHON)) {
    throw new Error(`${TORCHRUN} is missing: these tests run train_ddp.py under Debian's PyTorch; install it with apt-get install python3-torch (.ci/run does)`);
  }
});

type Line = Record<string, unknown>;

/** Runs train_ddp.py (one process, or two under torchrun) and returns its JSON lines; a failure shows stderr. */
function trainDdp(folder: string, args: string[], processes: 1 | 2): Line[] {
  const script = join(folder, 'train_ddp.py');
  const logs = ['--log_dir', join(work, 'torchrun-logs')];
  const [cmd, argv] = processes === 1 ? [PYTHON, [script]] : [TORCHRUN, [...STANDALONE, '--nproc_per_node=2', ...DEBIAN_TORCHRUN, ...logs, script]];
  const r = spawnSync(cmd, [...argv, '--device', 'cpu', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`${cmd} ${[...argv, ...args].join(' ')} exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p)).isFile()).sort();
}

function relClose(got: number, want: number, rtol: number, what: string): void {
  console.log(`${what}: ${got} against ${want}, relative difference ${Math.abs(got - want) / Math.abs(want)}`);
  expect(Math.abs(got - want), what).toBeLessThanOrEqual(rtol * Math.abs(want));
}

function description(stage: RunStage, train: TrainConfig, stageSettings: RunDescription['stageSettings']): RunDescription {
  const kind = stage === 'pretrain' ? 'text' : stage === 'sft' ? 'sft-jsonl' : 'ranked-jsonl';
  return { format: 1, stage, step: BEFORE, train, stageSettings, data: { kind, file: `test-${stage}` }, preset: 'tiny', source: 'cli' };
}

interface Exported {
  folder: string;
  checkpoint: Gpt2Checkpoint;
  m: Float32Array;
  v: Float32Array;
}

/** A trained run's weights and AdamW moments written as a folder by the exporter. */
function exportRun(stage: RunStage, checkpoint: Gpt2Checkpoint, m: Float32Array, v: Float32Array, train: TrainConfig, data: string, settings = {}): Exported {
  const folder = join(work, stage);
  exportRunFolder(folder, { checkpoint, run: { description: description(stage, train, settings), data }, optimizer: { m, v } });
  return { folder, checkpoint, m, v };
}

interface Continued {
  roundTrip: string;
  /** The two-process continuation: its folder, its lines and its first global batch. */
  out: string;
  lines: Line[];
  firstBatch: Record<string, unknown>;
  /** The same continuation in one process. */
  single: { out: string; lines: Line[] };
}

/** Round trip (--steps 0), and the continuation by two processes and by one. */
function continueRun(ex: Exported): Continued {
  const at = (what: string) => join(work, `${relative(work, ex.folder)}-${what}`);
  trainDdp(ex.folder, ['--steps', '0', '--out', at('round-trip')], 1);
  const steps = ['--steps', String(CONTINUE), '--log-every', '1'];
  const lines = trainDdp(ex.folder, [...steps, '--out', at('continued'), '--check-ranks', '--dump-first-batch', at('first-batch.json')], 2);
  console.log(`${relative(work, ex.folder)}: two processes printed\n${lines.map((l) => JSON.stringify(l)).join('\n')}`);
  const single = { out: at('single'), lines: trainDdp(ex.folder, [...steps, '--out', at('single')], 1) };
  return { roundTrip: at('round-trip'), out: at('continued'), lines, firstBatch: JSON.parse(readFileSync(at('first-batch.json'), 'utf8')) as Record<string, unknown>, single };
}

function expectRoundTrip(ex: Exported, roundTrip: string): void {
  expect(files(roundTrip)).toEqual(files(ex.folder));
  for (const f of files(ex.folder)) expect(Buffer.compare(readFileSync(join(roundTrip, f)), readFileSync(join(ex.folder, f))), f).toBe(0);
  const back = readRunFolder(roundTrip);
  expect(back.checkpoint.flat).toEqual(ex.checkpoint.flat);
  expect(back.optimizer?.m).toEqual(ex.m);
  expect(back.optimizer?.v).toEqual(ex.v);
  expect(back.optimizer?.step).toBe(BEFORE);
  expect(back.run?.step).toBe(BEFORE);
}

/**
 * Both ranks agree; the folder is written as the lab writes one (model.safetensors as encodeCheckpoint lays it out,
 * reward statistics included; gpt_lab_run.json as JSON.stringify(…, null, 2) with the new step) and says where the
 * run is; and two processes took the steps one process takes.
 */
function expectContinued({ lines, out, single }: Continued, ex: Exported, stage: string): RunFolder {
  expect(lines.find((l) => l.event === 'check-ranks')).toMatchObject({ ranks: 2, identical: true });
  expect(lines.find((l) => l.event === 'start')).toMatchObject({ processes: 2, backend: 'gloo', fromStep: BEFORE, toStep: BEFORE + CONTINUE });
  const back = readRunFolder(out);
  const c = back.checkpoint;
  const model = encodeCheckpoint(c.config, c.tokenizer, c.flat, { architecture: c.architecture, rewardStats: c.rewardStats });
  expect(Buffer.compare(readFileSync(join(out, 'model.safetensors')), model)).toBe(0);
  const run = { ...(JSON.parse(readFileSync(join(ex.folder, 'gpt_lab_run.json'), 'utf8')) as object), step: BEFORE + CONTINUE };
  expect(readFileSync(join(out, 'gpt_lab_run.json'), 'utf8')).toBe(`${JSON.stringify(run, null, 2)}\n`);
  expect(back.optimizer?.step).toBe(BEFORE + CONTINUE);
  const start = ex.checkpoint.flat;
  expectSameSteps(stepFigures(lines), stepFigures(single.lines), `${stage}, two processes against one`);
  const alone = readRunFolder(single.out).checkpoint.flat;
  let gap = 0;
  let moved = 0;
  back.checkpoint.flat.forEach((x, i) => {
    gap += (x - alone[i]) ** 2;
    moved += (alone[i] - start[i]) ** 2;
  });
  const worst = back.checkpoint.flat.reduce((w, x, i) => Math.max(w, Math.abs(x - alone[i])), 0);
  console.log(`${stage}: weights after ${CONTINUE} steps, two processes against one: |difference| / |update| ${Math.sqrt(gap / moved)}, largest difference ${worst}`);
  expect(Math.sqrt(gap / moved)).toBeLessThanOrEqual(WEIGHT_RTOL);
  return back;
}

/** Training loss and gradient norm of a step. */
interface StepFigures {
  loss: number;
  gradNorm: number;
}

/** Each continued step's figures as printed by rank 0. */
function stepFigures(lines: Line[]): Map<number, StepFigures> {
  return new Map(lines.filter((l) => typeof l.loss === 'number').map((l) => [l.step as number, { loss: l.loss as number, gradNorm: l.gradNorm as number }]));
}

/** The last validation record (the end of the continuation). */
function lastEval(lines: Line[], key: string): Line {
  const evals = lines.filter((l) => typeof l[key] === 'number');
  return evals[evals.length - 1];
}

/** The engine's figures of each step it takes from now on. */
function engineFigures(trainer: LoopTrainer): Map<number, StepFigures> {
  const seen = new Map<number, StepFigures>();
  trainer.onStep = (m) => seen.set(m.step, { loss: m.loss, gradNorm: m.gradNorm });
  return seen;
}

async function steps(trainer: { step(): Promise<void>; flush(): Promise<void> }, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await trainer.step();
  await trainer.flush();
}

/** The gradient norm (before clipping) as well as the loss: AdamW and clipping hide a wrongly scaled gradient. */
function expectSameSteps(py: Map<number, StepFigures>, other: Map<number, StepFigures>, what: string): void {
  expect([...py.keys()]).toEqual([...other.keys()]);
  for (const [s, f] of py) {
    relClose(f.loss, other.get(s)!.loss, RTOL, `${what}: loss at step ${s}`);
    relClose(f.gradNorm, other.get(s)!.gradNorm, GRAD_NORM_RTOL, `${what}: gradient norm at step ${s}`);
  }
}

const sftRecords = (): SftRecord[] => parseSftJsonl(readFileSync('public/datasets/sft-en.jsonl', 'utf8'), 'sft-en')
  .filter((r) => Array.from(r.prompt + r.completion).length + 1 <= T).slice(0, 40); // fits a reward sequence too
const sftText = (records: SftRecord[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** A freshly initialised tiny language model whose vocabulary covers `text` (the SFT and reward runs start here). */
function languageModel(text: string): Gpt2Checkpoint {
  const tokenizer = CharTokenizer.fromText(text);
  const config = { ...tiny.model, vocabSize: tokenizer.size };
  return decodeCheckpoint(encodeCheckpoint(config, tokenizer, initParams(paramLayout(config), config, seededNormal(3))));
}

describe('train_ddp.py continues a pretraining run', () => {
  const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8').slice(0, 20_000);
  const train = presetTrainConfig(tiny, { steps: 20, batchSize: 4, warmupSteps: 2, evalEvery: 4, evalBatches: 2, seed: 5 });
  let ex: Exported;
  let result: Continued;

  beforeAll(async () => {
    const ctx = await testCtx();
    const trainer = new Trainer(ctx, { model: tiny.model, train, corpus: splitCorpus(text, T) });
    await steps(trainer, BEFORE);
    const flat = await trainer.model.readParams();
    ex = exportRun('pretrain', decodeCheckpoint(trainer.encode(flat)), await ctx.read(trainer.optimizer.m), await ctx.read(trainer.optimizer.v), train, text);
    trainer.destroy();
    result = continueRun(ex);
  });

  it('writes the folder back unchanged with --steps 0', () => expectRoundTrip(ex, result.roundTrip));

  it('takes the engine\'s batches and losses on two processes, and the engine imports the result', async () => {
    const ctx = await testCtx();
    const corpus = splitCorpus(text, T, ex.checkpoint.tokenizer);
    const sampler = new BatchSampler(corpus.train, train.batchSize, T, train.seed);
    sampler.fastForward(BEFORE);
    const batch = sampler.next();
    expect((result.firstBatch.inputs as number[][]).flat()).toEqual([...batch.inputs]);
    expect((result.firstBatch.targets as number[][]).flat()).toEqual([...batch.targets]);

    const engine = new Trainer(ctx, { model: tiny.model, train, corpus, initialParams: ex.checkpoint.flat });
    relClose(result.lines.find((l) => l.step === BEFORE && 'valLoss' in l)!.valLoss as number, await engine.evaluate(), RTOL, 'pretrain val loss of the exported weights');
    engine.restore(BEFORE, ex.checkpoint.flat, ex.m, ex.v);
    const seen = engineFigures(engine);
    await steps(engine, CONTINUE);
    engine.destroy();
    expectSameSteps(stepFigures(result.lines), seen, 'pretrain, PyTorch against the engine');

    const back = expectContinued(result, ex, 'pretrain');
    const imported = new Trainer(ctx, { model: tiny.model, train, corpus, initialParams: back.checkpoint.flat });
    relClose(lastEval(result.lines, 'valLoss').valLoss as number, await imported.evaluate(), RTOL, 'pretrain val loss of the continued weights');
    imported.destroy();
  });
});

describe('train_ddp.py continues an SFT run', () => {
  const records = sftRecords();
  const data = sftText(records);
  const train = presetTrainConfig(tiny, { steps: 20, batchSize: 4, lr: 3e-3, warmupSteps: 1, evalEvery: 10, seed: 9 });
  const lambda = 0.5;
  let ex: Exported;
  let result: Continued;

  beforeAll(async () => {
    const ctx = await testCtx();
    const sft = new SftTrainer(ctx, { init: languageModel(data), records, source: 'sft', train, lambda });
    await steps(sft, BEFORE);
    const flat = await sft.model.readParams();
    ex = exportRun('sft', decodeCheckpoint(sft.encode(flat)), await ctx.read(sft.loop.optimizer.m), await ctx.read(sft.loop.optimizer.v), train, data, { lambda });
    sft.destroy();
    result = continueRun(ex);
  });

  it('writes the folder back unchanged with --steps 0', () => expectRoundTrip(ex, result.roundTrip));

  it('takes the engine\'s batches and losses on two processes, and the engine imports the result', async () => {
    const ctx = await testCtx();
    const engine = new SftTrainer(ctx, { init: ex.checkpoint, records, source: 'sft', train, lambda });
    const order = new ExampleOrder(engine.trainExamples.length, train.seed);
    order.fastForward(BEFORE * train.batchSize);
    const rows = Array.from({ length: train.batchSize }, () => engine.trainExamples[order.next()]);
    const batch = sftBatch(rows, train.batchSize, T, lambda);
    expect((result.firstBatch.inputs as number[][]).flat()).toEqual([...batch.inputs]);
    expect((result.firstBatch.targets as number[][]).flat()).toEqual([...batch.targets]);
    expect((result.firstBatch.weights as number[][]).flat()).toEqual([...batch.weights]);

    relClose(result.lines.find((l) => l.step === BEFORE && 'valCompletionLoss' in l)!.valCompletionLoss as number, await engine.evaluate(), RTOL, 'SFT held-out completion loss of the exported weights');
    engine.restore(BEFORE, ex.checkpoint.flat, ex.m, ex.v);
    const seen = engineFigures(engine);
    await steps(engine, CONTINUE);
    engine.destroy();
    expectSameSteps(stepFigures(result.lines), seen, 'SFT, PyTorch against the engine');

    const back = expectContinued(result, ex, 'SFT');
    const imported = new SftTrainer(ctx, { init: back.checkpoint, records, source: 'sft', train, lambda });
    relClose(lastEval(result.lines, 'valCompletionLoss').valCompletionLoss as number, await imported.evaluate(), RTOL, 'SFT held-out completion loss of the continued weights');
    imported.destroy();
  });
});

describe('train_ddp.py continues a reward-model run', () => {
  // Rankings the tiny model can learn: the demonstration first, its words reversed second, an empty answer last.
  const sft = sftRecords();
  const records: RankedRecord[] = sft.map((r) => ({ prompt: r.prompt, ranked: [r.completion, r.completion.split(' ').reverse().join(' '), ''] }));
  const data = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const train = presetTrainConfig(tiny, { steps: 20, batchSize: 8, lr: 1e-3, warmupSteps: 1, evalEvery: 10, seed: 13 });
  let ex: Exported;
  let result: Continued;

  beforeAll(async () => {
    const ctx = await testCtx();
    const rm = new RewardTrainer(ctx, { init: languageModel(sftText(sft)), records: parseRankedJsonl(data, 'rankings'), source: 'rankings', train });
    await steps(rm, BEFORE);
    const flat = await rm.model.readParams();
    ex = exportRun('reward', decodeCheckpoint(rm.encode(flat, await rm.rewardStats())), await ctx.read(rm.loop.optimizer.m), await ctx.read(rm.loop.optimizer.v), train, data);
    rm.destroy();
    result = continueRun(ex);
  });

  it('writes the folder back unchanged with --steps 0', () => expectRoundTrip(ex, result.roundTrip));

  it('takes the engine\'s batches and losses on two processes, and the engine imports the result', async () => {
    const ctx = await testCtx();
    const engine = new RewardTrainer(ctx, { init: ex.checkpoint, records, source: 'rankings', train });
    const order = new ExampleOrder(engine.trainGroups.length, train.seed);
    const pending: RankedGroup[] = [];
    const next = () => takeGroups(() => engine.trainGroups[order.next()], pending, train.batchSize);
    for (let i = 0; i < BEFORE; i++) next();
    expect(result.firstBatch.groups).toEqual(next().map((g) => g.seqs.map((s) => [...s])));

    const start = result.lines.find((l) => l.step === BEFORE && 'valLoss' in l)!;
    const before = await engine.evaluate();
    relClose(start.valLoss as number, before.loss, RTOL, 'reward held-out loss of the exported weights');
    engine.restore(BEFORE, ex.checkpoint.flat, ex.m, ex.v);
    const seen = engineFigures(engine);
    await steps(engine, CONTINUE);
    engine.destroy();
    expectSameSteps(stepFigures(result.lines), seen, 'reward, PyTorch against the engine');

    const back = expectContinued(result, ex, 'reward');
    const imported = new RewardTrainer(ctx, { init: back.checkpoint, records, source: 'rankings', train });
    const after = await imported.evaluate();
    const end = lastEval(result.lines, 'valLoss');
    relClose(end.valLoss as number, after.loss, RTOL, 'reward held-out loss of the continued weights');
    relClose(end.valMargin as number, after.margin, RTOL, 'reward held-out margin of the continued weights');
    expect(end.valAccuracy).toBeCloseTo(after.accuracy, 9);
    const stats = await imported.rewardStats();
    relClose(back.checkpoint.rewardStats!.mean, stats.mean, RTOL, 'reward mean saved with the continued weights');
    relClose(back.checkpoint.rewardStats!.std, stats.std, RTOL, 'reward std saved with the continued weights');
    imported.destroy();
  });
});
