// The mixed-precision part of bench/gpu-check.ts, for a real GPU (where Dawn's toggles expose shader-f16 and
// subgroup matrices): the f16-tile and subgroup-matrix matmuls at the model's shapes against matmulF16InputsRef
// (and closer to it than to the f32 product), timed, plus 4096^3 for TFLOP/s; then dynamic loss scaling in a
// real mixed-precision training run: finite steps train, an overflowing step is skipped with weights and
// moments untouched and the scale halved. A path the device lacks is a failure, named, never a skip.
// The tolerance is matmul-f16.test.ts's (see there).

import { readFileSync } from 'node:fs';
import { matmul, type MatmulOptions } from '../src/kernels/matmul/matmul';
import { matmulF16InputsRef, matmulRef } from '../src/kernels/matmul/matmul.ref';
import { deviceCaps, pathSupport, setPrecision, type MatmulPath } from '../src/kernels/matmul/precision';
import type { GpuContext } from '../src/kernels/runtime/context';
import { splitCorpus } from '../src/engine/data/corpus';
import { getPreset, presetTrainConfig } from '../src/engine/presets';
import { Trainer, type StepMetrics } from '../src/engine/train/trainer';
import { Rng } from '../src/engine/rng';
import { timeDispatches } from './time-dispatches';

type Log = (o: Record<string, unknown>) => void;

/** Runs every mixed-precision check; returns the number that failed. */
export async function checkMixedPrecision(ctx: GpuContext, log: Log): Promise<number> {
  let failures = 0;
  const caps = deviceCaps(ctx.device);
  log({ check: 'mixed precision: device', features: [...caps.features], subgroupMatrixConfigs: caps.subgroupMatrixConfigs, subgroupMaxSize: caps.subgroupMaxSize });
  for (const path of ['f16', 'subgroup-matrix'] as MatmulPath[]) {
    const support = pathSupport(caps, path);
    if (!support.ok) {
      failures++;
      log({ check: `matmul ${path}`, ok: false, error: `this device lacks ${support.missing}` });
      continue;
    }
    // shakespeare-char-size shapes at B*T = 2048 rows, as gpu-check.ts's f32 checks, then the split-K path.
    for (const [M, N, K, opts] of [[2048, 1152, 384, {}], [2048, 384, 1536, { transB: true }], [384, 1536, 2048, { transA: true }], [40, 70, 1100, { transA: true }]] as const) {
      if (!(await checkMatmulPath(ctx, log, path, M, N, K, opts))) failures++;
    }
    if (!(await checkMatmulPath(ctx, log, path, 4096, 4096, 4096, {}, false))) failures++;
  }
  failures += await checkLossScaling(ctx, log);
  return failures;
}

/** One matmul on `path` with bias: checked against both references (unless timing only), and timed. */
async function checkMatmulPath(ctx: GpuContext, log: Log, path: MatmulPath, M: number, N: number, K: number, opts: MatmulOptions, verify = true): Promise<boolean> {
  const rng = new Rng(M + N + K);
  const a = rng.normals(M * K), b = rng.normals(K * N), bias = rng.normals(N);
  const out = ctx.tensor('out', [M, N]);
  const d = matmul(ctx, out, ctx.tensorFrom('a', [a.length], a), ctx.tensorFrom('b', [b.length], b), M, N, K, { ...opts, bias: ctx.tensorFrom('bias', [N], bias), path });
  ctx.run(d);
  const got = await ctx.read(out);
  const ms = await timeDispatches(ctx, d);
  const figures = { M, N, K, transA: !!opts.transA, transB: !!opts.transB, kernel: d[0].label, ms, tflops: (2 * M * N * K) / ms / 1e9 };
  if (!verify) {
    const ok = got.every(Number.isFinite);
    log({ check: `matmul ${path} (timing only, finite check)`, ...figures, ok });
    return ok;
  }
  const want = new Float32Array(M * N), wantF32 = new Float32Array(M * N);
  matmulF16InputsRef(want, a, b, bias, M, N, K, !!opts.transA, !!opts.transB, false);
  matmulRef(wantF32, a, b, bias, M, N, K, !!opts.transA, !!opts.transB, false);
  const atol = 2 ** -8 * Math.sqrt(K) + 1e-5 * Math.sqrt(K), rtol = 1e-5;
  let worst = 0, within = true, errF16 = 0, errF32 = 0;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]);
    worst = Math.max(worst, e);
    if (!(e <= atol + rtol * Math.abs(want[i]))) within = false;
    errF16 += (got[i] - want[i]) ** 2;
    errF32 += (got[i] - wantF32[i]) ** 2;
  }
  const rms = (sq: number) => Math.sqrt(sq / want.length);
  const ok = within && errF16 < errF32;
  log({ check: `matmul ${path}`, ...figures, worstAbsError: worst, rmsErrorVsF16Ref: rms(errF16), rmsErrorVsF32: rms(errF32), ok });
  return ok;
}

/**
 * Loss scaling on the GPU with the fastest path the device offers: the tiny preset trains 30 steps (finite
 * losses, none skipped at the initial scale, the loss going down), then a scale of 2^100 makes the next step
 * overflow: skipped, parameters and moments bit-identical, the scale halved. Also times the same 30 steps in f32.
 */
async function checkLossScaling(ctx: GpuContext, log: Log): Promise<number> {
  const tiny = getPreset('tiny');
  const text = readFileSync('public/datasets/tinystories-en.txt', 'utf8');
  const steps = 30;
  const run = async (precision: 'auto' | 'f32') => {
    const trainer = new Trainer(ctx, { model: tiny.model, train: presetTrainConfig(tiny, { steps, seed: 1 }), corpus: splitCorpus(text, tiny.model.blockSize), precision });
    const metrics: StepMetrics[] = [];
    trainer.onStep = (m) => metrics.push(m);
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await trainer.step();
    await trainer.flush();
    return { trainer, metrics, ms: (performance.now() - t0) / steps };
  };
  const f32 = await run('f32');
  f32.trainer.destroy();
  const mixed = await run('auto');
  setPrecision(ctx, 'f32'); // the rest of gpu-check checks the f32 path
  const { trainer, metrics } = mixed;
  const losses = metrics.map((m) => m.loss);
  const trains = losses.every(Number.isFinite) && losses[steps - 1] < losses[0] && metrics.every((m) => m.skippedSteps === 0);
  const scaler = trainer.optimizer.scaler;
  let skipOk = false;
  if (scaler) {
    const read = async () => ({ params: await trainer.model.readParams(), m: await ctx.read(trainer.optimizer.m), v: await ctx.read(trainer.optimizer.v) });
    const before = await read();
    scaler.write({ scale: 2 ** 100, good: 0, skipped: 0 });
    await trainer.step();
    await trainer.flush();
    const after = await read();
    const same = (x: Float32Array, y: Float32Array) => Buffer.from(x.buffer).equals(Buffer.from(y.buffer));
    const state = await scaler.read();
    skipOk = same(before.params, after.params) && same(before.m, after.m) && same(before.v, after.v) && state.scale === 2 ** 99 && state.skipped === 1;
  }
  trainer.destroy();
  const ok = trains && skipOk && mixed.trainer.precision !== 'f32';
  log({
    check: 'loss scaling (mixed-precision training, tiny preset)', precision: mixed.trainer.precision, lossScaling: scaler !== undefined,
    firstLoss: losses[0], lossAfter: losses[steps - 1], lossAfterF32: f32.metrics[steps - 1].loss, lossScale: metrics[steps - 1].lossScale,
    skipped: metrics[steps - 1].skippedSteps, overflowSkipped: skipOk, msPerStepMixed: mixed.ms, msPerStepF32: f32.ms, ok,
  });
  return ok ? 0 : 1;
}
