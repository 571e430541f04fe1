// Correctness and kernel timing on a real GPU, as one Node program for the device machine (bundled by
// `node scripts/build-node.mjs bench/gpu-check.ts`): the GPU GPT against the PyTorch golden fixtures, then the
// model-sized matmul, attention and cross-entropy shapes against the CPU references, each with its GPU time,
// all on the f32 path; then the mixed-precision checks of gpu-check-mixed.ts (f16-tile and subgroup-matrix
// matmuls against their f16-input reference, loss scaling in training), which fail, naming the feature, where
// the device lacks one. Prints one JSON object per line; exits 1 if any check fails.

import { attentionBackward, attentionForward } from '../src/kernels/attention/attention';
import { attentionBackwardRef, attentionForwardRef } from '../src/kernels/attention/attention.ref';
import { crossEntropyForwardBackward } from '../src/kernels/crossentropy/crossentropy';
import { crossEntropyForwardBackwardRef } from '../src/kernels/crossentropy/crossentropy.ref';
import { matmul, type MatmulOptions } from '../src/kernels/matmul/matmul';
import { matmulRef } from '../src/kernels/matmul/matmul.ref';
import type { GpuContext } from '../src/kernels/runtime/context';
import { nodeGpu } from '../src/cli/node-gpu';
import { expectTensorsClose, loadGoldenFixture } from '../src/engine/fixtures/load-fixture';
import { GPT, METRIC } from '../src/engine/model/gpt';
import { Rng } from '../src/engine/rng';
import { deviceCaps, resolveMatmulPath, setPrecision } from '../src/kernels/matmul/precision';
import { checkMixedPrecision } from './gpu-check-mixed';
import { timeDispatches } from './time-dispatches';

let failures = 0;
const log = (o: Record<string, unknown>) => console.log(JSON.stringify(o));

function maxError(got: Float32Array, want: Float32Array, atol: number, rtol: number): { worst: number; ok: boolean } {
  let worst = 0;
  let ok = true;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]);
    worst = Math.max(worst, e);
    if (!(e <= atol + rtol * Math.abs(want[i]))) ok = false;
  }
  return { worst, ok };
}


async function checkFixtures(ctx: GpuContext) {
  const fx = loadGoldenFixture();
  const model = new GPT(ctx, fx.cfg, fx.B, fx.T, { training: true });
  model.loadParams(fx.params);
  model.setBatch(fx.inputs, fx.targets);
  const enc = ctx.device.createCommandEncoder();
  model.zeroGrads(enc);
  ctx.encode(enc, [...model.forward, ...model.backward]);
  ctx.device.queue.submit([enc.finish()]);
  const loss = (await ctx.read(model.metrics))[METRIC.loss];
  let ok = Math.abs(loss - fx.loss) < 1e-4;
  try {
    expectTensorsClose(await ctx.read(model.grads!.all), fx.grads, fx.layout, 2e-4, 'grad');
  } catch (e) {
    ok = false;
    log({ check: 'fixtures', error: (e as Error).message });
  }
  if (!ok) failures++;
  log({ check: 'golden fixtures (PyTorch)', loss, expected: fx.loss, ok });
}

async function checkMatmul(ctx: GpuContext, M: number, N: number, K: number, opts: MatmulOptions, verify = true) {
  const rng = new Rng(M + N + K);
  const a = rng.uniforms(M * K), b = rng.uniforms(K * N), bias = rng.uniforms(N);
  const out = ctx.tensor('out', [M, N]);
  const d = matmul(ctx, out, ctx.tensorFrom('a', [a.length], a), ctx.tensorFrom('b', [b.length], b), M, N, K, { ...opts, bias: ctx.tensorFrom('bias', [N], bias) });
  ctx.run(d);
  const got = await ctx.read(out);
  const want = new Float32Array(M * N);
  if (verify) matmulRef(want, a, b, bias, M, N, K, !!opts.transA, !!opts.transB, false);
  const { worst, ok } = verify ? maxError(got, want, 1e-5 * Math.sqrt(K) * 4, 1e-4) : { worst: NaN, ok: got.every(Number.isFinite) };
  if (!ok) failures++;
  const ms = await timeDispatches(ctx, d);
  log({ check: verify ? 'matmul' : 'matmul (timing only, finite check)', M, N, K, transA: !!opts.transA, transB: !!opts.transB, worstAbsError: worst, ok, ms, tflops: (2 * M * N * K) / ms / 1e9 });
}

async function checkAttention(ctx: GpuContext, B: number, NH: number, T: number, HS: number) {
  const C = NH * HS;
  const rng = new Rng(T);
  const qkv = rng.normals(B * T * 3 * C), dout = rng.normals(B * T * C);
  const tq = ctx.tensorFrom('qkv', [B, T, 3 * C], qkv), tdo = ctx.tensorFrom('dout', [B, T, C], dout);
  const out = ctx.tensor('out', [B, T, C]), lse = ctx.tensor('lse', [B, NH, T]), dqkv = ctx.tensor('dqkv', [B, T, 3 * C]);
  const fwd = attentionForward(ctx, out, lse, tq, B, T, C, NH);
  const bwd = attentionBackward(ctx, dqkv, tdo, tq, out, lse, B, T, C, NH);
  ctx.run([...fwd, ...bwd]);
  const wantOut = new Float32Array(B * T * C), wantLse = new Float32Array(B * NH * T), wantD = new Float32Array(B * T * 3 * C);
  attentionForwardRef(wantOut, wantLse, qkv, B, T, C, NH);
  attentionBackwardRef(wantD, dout, qkv, wantOut, wantLse, B, T, C, NH);
  const f = maxError(await ctx.read(out), wantOut, 1e-4, 1e-3);
  const g = maxError(await ctx.read(dqkv), wantD, 1e-3, 1e-3);
  if (!f.ok || !g.ok) failures++;
  log({ check: 'attention', B, NH, T, HS, forwardWorst: f.worst, backwardWorst: g.worst, ok: f.ok && g.ok, forwardMs: await timeDispatches(ctx, fwd), backwardMs: await timeDispatches(ctx, bwd) });
}

async function checkCrossEntropy(ctx: GpuContext, N: number, V: number) {
  const rng = new Rng(V);
  const logits = rng.normals(N * V, 3);
  const targets = new Uint32Array(N).map(() => rng.int(V));
  const weights = new Float32Array(N).fill(1 / N);
  const losses = ctx.tensor('losses', [N]), dlogits = ctx.tensor('dlogits', [N, V]);
  const d = crossEntropyForwardBackward(ctx, losses, dlogits, ctx.tensorFrom('logits', [N, V], logits), ctx.tensorFrom('targets', [N], targets), ctx.tensorFrom('w', [N], weights), N, V);
  ctx.run(d);
  const wl = new Float32Array(N), wd = new Float32Array(N * V);
  crossEntropyForwardBackwardRef(wl, wd, logits, targets, weights, N, V);
  const a = maxError(await ctx.read(losses), wl, 1e-4, 1e-5);
  const b = maxError(await ctx.read(dlogits), wd, 1e-7, 1e-4);
  if (!a.ok || !b.ok) failures++;
  log({ check: 'crossentropy', N, V, lossWorst: a.worst, dlogitsWorst: b.worst, ok: a.ok && b.ok, ms: await timeDispatches(ctx, d) });
}

const gpu = await nodeGpu();
log({ adapter: gpu.adapterName, features: gpu.features, maxBufferMiB: gpu.device.limits.maxBufferSize / 2 ** 20, maxWorkgroupStorage: gpu.device.limits.maxComputeWorkgroupStorageSize });
const { ctx } = gpu;
log({ check: 'matmul path', auto: resolveMatmulPath(deviceCaps(ctx.device), 'auto'), checking: 'f32 first, then f16 and subgroup-matrix' });
setPrecision(ctx, 'f32'); // the fixtures and the checks below are the f32 path's
await checkFixtures(ctx);
// shakespeare-char-size shapes at B*T = 2048 rows (the CPU reference bounds the size).
await checkMatmul(ctx, 2048, 1152, 384, {});
await checkMatmul(ctx, 2048, 384, 1536, { transB: true });
await checkMatmul(ctx, 384, 1536, 2048, { transA: true });
await checkMatmul(ctx, 4096, 4096, 4096, {}, false);
await checkAttention(ctx, 2, 6, 256, 64);
await checkCrossEntropy(ctx, 256, 50257);
failures += await checkMixedPrecision(ctx, log);
log({ failures });
process.exit(failures ? 1 : 0);
