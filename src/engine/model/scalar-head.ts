// A scalar head on chosen rows of the trunk's output: values[m, k] = lnf[rows[m]] · w[k] (+ b[k]) for its K outputs
// (K = 1 unless the spec says `outputs`). A reward model reads one row per sequence (the end-of-text token of its
// response); PPO's value head reads every token; a GPT-1 task head reads one row per sequence with K labels. Its backward
// reads `dvalues` (written by a loss kernel, e.g. the ranking loss) and ADDS into the trunk's output gradient.
// Tested by kernels/scalarhead/scalarhead.test.ts and stages/stages-vs-pytorch.test.ts (against PyTorch fixtures).

import type { Dispatch, GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';
import { scalarHeadBackward, scalarHeadForward } from '../../kernels/scalarhead/scalarhead';
import type { Shape } from './activations';
import type { HeadDef, HeadParams } from './params';

export interface ScalarHeadSpec extends HeadDef {
  /** M: rows read per step (B for one per sequence, B·T for every token). */
  rows: number;
}

export class ScalarHead {
  readonly name: string;
  readonly M: number;
  /** Outputs per row (HeadDef.outputs, default 1). */
  readonly K: number;
  readonly rows: Tensor; // (M) u32 row indices into (B·T)
  readonly values: Tensor; // (M, K) row-major
  readonly dvalues: Tensor; // (M, K) row-major
  readonly forward: Dispatch[];
  readonly backward: Dispatch[];
  private readonly ctx: GpuContext;
  private readonly N: number;

  static shapes(spec: ScalarHeadSpec): Array<[string, Shape]> {
    const valueShape = ScalarHead.valueShape(spec);
    return [[`${spec.name}.rows`, [spec.rows]], [`${spec.name}.values`, valueShape], [`${spec.name}.dvalues`, valueShape]];
  }

  /** (M) for a one-output head, as before outputs existed; (M, K) otherwise. */
  private static valueShape(spec: ScalarHeadSpec): Shape {
    const K = spec.outputs ?? 1;
    return K === 1 ? [spec.rows] : [spec.rows, K];
  }

  constructor(
    ctx: GpuContext,
    spec: ScalarHeadSpec,
    N: number,
    C: number,
    params: HeadParams,
    grads: HeadParams | null,
    lnf: Tensor, // (N,C)
    dlnf: Tensor | null, // (N,C)
  ) {
    this.ctx = ctx;
    this.name = spec.name;
    this.M = spec.rows;
    this.K = spec.outputs ?? 1;
    this.N = N;
    this.rows = ctx.tensor(`${spec.name}.rows`, [spec.rows], 'u32');
    this.values = ctx.tensor(`${spec.name}.values`, ScalarHead.valueShape(spec));
    this.dvalues = ctx.tensor(`${spec.name}.dvalues`, ScalarHead.valueShape(spec));
    this.forward = scalarHeadForward(ctx, this.values, lnf, this.rows, params.weight, params.bias, this.M, N, C, this.K);
    this.backward = grads && dlnf ? scalarHeadBackward(ctx, dlnf, grads.weight, grads.bias, this.dvalues, lnf, this.rows, params.weight, this.M, N, C, this.K) : [];
  }

  /** Uploads the M rows to read (distinct, each < B·T). */
  setRows(rows: Uint32Array): void {
    if (rows.length !== this.M) throw new Error(`${this.name}: expected ${this.M} rows, got ${rows.length}`);
    const seen = new Set<number>();
    for (const r of rows) {
      if (r >= this.N) throw new Error(`${this.name}: row ${r} is outside the batch (${this.N} rows)`);
      if (seen.has(r)) throw new Error(`${this.name}: row ${r} is read twice (rows must be distinct)`);
      seen.add(r);
    }
    this.ctx.write(this.rows, rows);
  }
}
