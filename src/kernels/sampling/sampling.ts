// Launcher for next-token sampling on the GPU (sampling.wgsl between the RNG snippet sampling_rng.wgsl and its
// argmax tree reduction), and the host-side check of the per-row rollout state it reads. Tested by
// sampling.test.ts against sampling.ref.ts.

import { treeReduce } from '../reduce/tree-reduce';
import { grid, rowWorkgroupSize, type Dispatch, type GpuContext } from '../runtime/context';
import { expectLength, type Tensor } from '../runtime/tensor';
import rngCode from './sampling_rng.wgsl?raw';
import mainCode from './sampling.wgsl?raw';

const KERNEL = 'sampleNextTokens';
const code = `${rngCode}\n${mainCode}\n${treeReduce({ fn: 'workgroup_argmax', type: 'ArgMax', combine: 'argmax_merge' })}`;

export interface SamplingOptions {
  /** Softmax temperature, >= 0; 0 = greedy (argmax, lowest id on ties; topK is then irrelevant). */
  temperature: number;
  /** Keep the topK largest logits, and every logit tied with the topK-th; 0 or >= V keeps all. */
  topK: number;
  /** End-of-text id in [0, V) that finishes a row, or -1 for none. */
  eot: number;
  /** Seed of the counter-based RNG, an integer in [0, 2^32). */
  seed: number;
  /** A second id that finishes a row as `eot` does (a newline, for one-line answers), or -1 / absent for none. */
  stop?: number;
}

/** Options as the kernel reads them: k in [1, V] (V = keep all), eot and stop as u32 (0xffffffff = none). */
export function normalizeSamplingOptions(opts: SamplingOptions, V: number): { temperature: number; k: number; eot: number; seed: number; stop: number } {
  const { temperature, topK, eot, seed } = opts;
  const stop = opts.stop ?? -1;
  if (!Number.isFinite(temperature) || temperature < 0) throw new Error(`${KERNEL}: temperature must be finite and >= 0 (got ${temperature})`);
  if (!Number.isInteger(topK) || topK < 0) throw new Error(`${KERNEL}: topK must be an integer >= 0 (got ${topK})`);
  if (!Number.isInteger(eot) || eot < -1 || eot >= V) throw new Error(`${KERNEL}: eot must be an id in [0, ${V}) or -1 (got ${eot})`);
  if (!Number.isInteger(stop) || stop < -1 || stop >= V) throw new Error(`${KERNEL}: stop must be an id in [0, ${V}) or -1 (got ${stop})`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`${KERNEL}: seed must be an integer in [0, 2^32) (got ${seed})`);
  return { temperature, k: topK === 0 || topK >= V ? V : topK, eot: eot >>> 0, seed, stop: stop >>> 0 };
}

/**
 * Host-side check of the rollout state before it is written to the GPU: every limit[b] <= T-1, and every row
 * that is not done has pos[b] < limit[b] (it has a position left to fill). The kernel itself cannot throw: on a
 * bad row it only marks the row done (see sampling.wgsl), so check here.
 */
export function checkRolloutRows(pos: ArrayLike<number>, done: ArrayLike<number>, limit: ArrayLike<number>, B: number, T: number): void {
  for (const [name, a] of [['pos', pos], ['done', done], ['limit', limit]] as const) {
    if (a.length !== B) throw new Error(`${KERNEL}: ${name} has ${a.length} values, expected B = ${B}`);
  }
  for (let b = 0; b < B; b++) {
    if (limit[b] > T - 1) throw new Error(`${KERNEL}: limit[${b}] = ${limit[b]} exceeds T-1 = ${T - 1}`);
    if (done[b] === 0 && pos[b] >= limit[b]) throw new Error(`${KERNEL}: row ${b} is not done but pos[${b}] = ${pos[b]} has reached limit[${b}] = ${limit[b]}`);
  }
}

/**
 * For each row b with done[b] == 0: reads logits[b, pos[b], :] (V values), applies temperature and top-k, draws
 * a token with the counter-based uniform u = counterUniform(seed, b, pos[b]) in [0,1) (no state carried between
 * calls), writes it to tokens[b, pos[b]+1], sets done[b] = 1 if the token is `eot` or `stop` or pos[b]+1 == limit[b], and
 * increments pos[b]. Rows with done[b] != 0 are left untouched. temperature 0 = greedy (argmax, lowest id on
 * ties); topK 0 = all; ties at the topK-th largest value are all kept.
 * Call once per plan; replaying the dispatches samples one more token per row each time. u depends on (seed, b,
 * pos) only: a plan replayed for another rollout reuses the same u per (row, position); for fresh draws build the
 * plan with another seed.
 */
export function sampleNextTokens(
  ctx: GpuContext,
  logits: Tensor, // (B, T, V) f32
  tokens: Tensor, // (B, T) u32, read and written
  pos: Tensor, // (B) u32, read and written
  done: Tensor, // (B) u32, read and written
  limit: Tensor, // (B) u32, each <= T-1 (checkRolloutRows)
  B: number,
  T: number,
  V: number,
  opts: SamplingOptions,
): Dispatch[] {
  if (!Number.isInteger(B) || B < 1) throw new Error(`${KERNEL}: B must be a positive integer (got ${B})`);
  if (!Number.isInteger(T) || T < 2) throw new Error(`${KERNEL}: T must be an integer >= 2 (got ${T})`);
  if (!Number.isInteger(V) || V < 1) throw new Error(`${KERNEL}: V must be a positive integer (got ${V})`);
  expectLength(KERNEL, 'logits', logits, B * T * V);
  expectLength(KERNEL, 'tokens', tokens, B * T);
  expectLength(KERNEL, 'pos', pos, B);
  expectLength(KERNEL, 'done', done, B);
  expectLength(KERNEL, 'limit', limit, B);
  if (logits.dtype !== 'f32') throw new Error(`${KERNEL}: logits (${logits.label}) must be f32, got ${logits.dtype}`);
  for (const [name, t] of [['tokens', tokens], ['pos', pos], ['done', done], ['limit', limit]] as const) {
    if (t.dtype !== 'u32') throw new Error(`${KERNEL}: ${name} (${t.label}) must be u32, got ${t.dtype}`);
  }
  const o = normalizeSamplingOptions(opts, V);
  const params = ctx.uniform('sampling.params', [
    ['u32', B], ['u32', T], ['u32', V], ['u32', o.k], ['u32', o.eot], ['u32', o.seed], ['f32', o.temperature], ['u32', o.stop],
  ]);
  return [
    ctx.dispatch({ name: 'sampling_next_token', code, constants: { WG: rowWorkgroupSize(V) } }, [logits, tokens, pos, done, limit, params], grid(B)),
  ];
}
