// The PPO-ptx update on the GPU (stage 4): the policy (GPT with the tied LM head and a value head
// `v_head.summary` on every token, TRL's original value-head model: one trunk for both, half the memory of a
// separate value model, which matters in a browser) and, when γ > 0, a second instance sharing its parameters and
// gradients for the pretraining batch. One optimizer step, one command encoder:
//   policy forward (cross-entropy with weight 1 gives −log π_new and softmax − onehot) → clipped policy
//   coefficients scale those gradient rows → clipped value loss writes the value head's gradient → entropy and
//   metric sums → policy backward → ptx forward/backward (γ·mean LM loss, same gradients) → clip → AdamW.
// The per-token inputs (old log-probs, whitened advantages, old values, returns, response mask) are uploaded once
// per rollout; nothing is read back inside an update. Tested by ppo-vs-pytorch.test.ts against PyTorch.

import type { ModelConfig, TrainConfig } from '../config';
import type { Dispatch, GpuContext } from '../../kernels/runtime/context';
import type { Tensor } from '../../kernels/runtime/tensor';
import { ppoPolicy, ppoValue, rowEntropy, scaleRows, type PolicyTerms, type ValueTerms } from '../../kernels/ppo/ppo';
import { weightedSum } from '../../kernels/reduce/reduce';
import { GPT, METRIC } from '../model/gpt';
import type { HeadDef } from '../model/params';
import { OptimizerLoop, type StepMetrics } from '../train/optimizer-loop';

/** TRL's value head: `v_head.summary` (Linear(C, 1) with bias). */
export const VALUE_HEAD: HeadDef = { name: 'v_head.summary', bias: true };

export interface PpoLossSettings {
  /** ε: the policy ratio's clip range (TRL cliprange 0.2). */
  clip: number;
  /** The value prediction's clip range around the old value (TRL cliprange_value 0.2). */
  clipValue: number;
  /** Weight of the value loss (TRL vf_coef 0.1). */
  vfCoef: number;
  /** γ, the pretraining-mix coefficient (InstructGPT's PPO-ptx); 0 = plain PPO. */
  ptxCoef: number;
}

/** One rollout's per-token inputs, each (B·T), aligned with the positions that predict the next token. */
export interface RolloutTensors {
  inputs: Uint32Array;
  targets: Uint32Array;
  logpOld: Float32Array;
  advantages: Float32Array; // whitened
  valuesOld: Float32Array;
  returns: Float32Array;
  /** 1/N_response at response positions, 0 elsewhere (the means are over response tokens). */
  mask: Float32Array;
}

/** The update's metrics, means over response tokens (TRL's names in ppo.ts). */
export interface UpdateMetrics {
  pgLoss: number;
  pgClipfrac: number;
  approxKl: number;
  vfLoss: number;
  vfClipfrac: number;
  entropy: number;
  /** The mean LM loss of the pretraining batch (NaN without ptx). */
  ptxLoss: number;
}

export function updateMetrics(v: Float32Array, ptxCoef: number): UpdateMetrics {
  return {
    pgLoss: v[METRIC.pgLoss], pgClipfrac: v[METRIC.pgClipfrac], approxKl: v[METRIC.approxKl], vfLoss: v[METRIC.vfLoss],
    vfClipfrac: v[METRIC.vfClipfrac], entropy: v[METRIC.entropy], ptxLoss: ptxCoef > 0 ? v[METRIC.ptxLoss] / ptxCoef : NaN,
  };
}

export class PpoUpdate {
  readonly policy: GPT;
  readonly ptx: GPT | null;
  readonly loop: OptimizerLoop;
  private readonly ctx: GpuContext;
  private readonly t: Record<'logpOld' | 'adv' | 'valuesOld' | 'returns' | 'mask' | 'entropy', Tensor>;
  private readonly lossPlan: Dispatch[];

  constructor(ctx: GpuContext, cfg: ModelConfig, B: number, T: number, ptxB: number, train: TrainConfig, readonly s: PpoLossSettings, opts: { maxInFlight?: number; onValues?: (step: number, v: Float32Array) => void } = {}) {
    this.ctx = ctx;
    const N = B * T;
    const V = cfg.vocabSize;
    this.policy = new GPT(ctx, cfg, B, T, { training: true, scalarHeads: [{ ...VALUE_HEAD, rows: N }] });
    let ptx: GPT | null = null;
    try {
      if (s.ptxCoef > 0) ptx = new GPT(ctx, cfg, ptxB, T, { training: true, shareParams: this.policy, shareGrads: this.policy, shareMetrics: { model: this.policy, lossSlot: METRIC.ptxLoss } });
      this.ptx = ptx;
      const lm = this.policy.lmHead;
      const head = this.policy.head(VALUE_HEAD.name);
      head.setRows(Uint32Array.from({ length: N }, (_, i) => i));
      ctx.write(lm.weights, new Float32Array(N).fill(1)); // dlogits = softmax − onehot, scaled per token below
      const z = (name: string) => ctx.tensor(`ppo.${name}`, [N]);
      this.t = { logpOld: z('logpOld'), adv: z('adv'), valuesOld: z('valuesOld'), returns: z('returns'), mask: z('mask'), entropy: z('entropy') };
      const pol: PolicyTerms = { coef: z('coef'), pg: z('pg'), clipped: z('pgClipped'), kl2: z('kl2') };
      const val: ValueTerms = { dvalues: head.dvalues, vf: z('vf'), clipped: z('vfClipped') };
      const m = this.policy.metrics;
      const mean = (slot: number, a: Tensor) => weightedSum(ctx, m, slot, a, this.t.mask, N);
      const lossPlan: Dispatch[] = (this.lossPlan = [
        ...ppoPolicy(ctx, pol, lm.losses, this.t.logpOld, this.t.adv, this.t.mask, N, s.clip),
        ...scaleRows(ctx, lm.dlogits, pol.coef, N, V),
        ...ppoValue(ctx, val, head.values, this.t.valuesOld, this.t.returns, this.t.mask, N, s.clipValue, s.vfCoef),
        ...rowEntropy(ctx, this.t.entropy, lm.logits, N, V),
        ...mean(METRIC.pgLoss, pol.pg), ...mean(METRIC.pgClipfrac, pol.clipped), ...mean(METRIC.approxKl, pol.kl2),
        ...mean(METRIC.vfLoss, val.vf), ...mean(METRIC.vfClipfrac, val.clipped), ...mean(METRIC.entropy, this.t.entropy),
      ]);
      this.loop = new OptimizerLoop(ctx, this.policy, train, {
        maxInFlight: opts.maxInFlight, tokensPerStep: (B + ptxB) * T, lossPlan, lossSlot: METRIC.pgLoss,
        extraPlan: ptx ? [...ptx.forward, ...ptx.backward] : [], extraModels: ptx ? [ptx] : [], onValues: opts.onValues,
      });
    } catch (e) {
      ptx?.destroy();
      this.policy.destroy();
      throw e;
    }
  }

  /** The kernels of one update without the optimizer (for the golden test): forward, losses, backward, ptx. */
  get gradientPlan(): Dispatch[] {
    return [...this.policy.forward, ...this.lossPlan, ...this.policy.backward, ...(this.ptx ? [...this.ptx.forward, ...this.ptx.backward] : [])];
  }

  /** Uploads a rollout's per-token inputs (used by every epoch's updates). */
  setRollout(r: RolloutTensors): void {
    this.policy.setBatch(r.inputs, r.targets, new Float32Array(r.inputs.length).fill(1), true);
    this.ctx.write(this.t.logpOld, r.logpOld);
    this.ctx.write(this.t.adv, r.advantages);
    this.ctx.write(this.t.valuesOld, r.valuesOld);
    this.ctx.write(this.t.returns, r.returns);
    this.ctx.write(this.t.mask, r.mask);
  }

  /** One optimizer step on the uploaded rollout; `ptxBatch` supplies the pretraining batch (γ > 0). */
  async step(ptxBatch?: () => { inputs: Uint32Array; targets: Uint32Array }): Promise<void> {
    await this.loop.step(() => {
      if (!this.ptx) return;
      if (!ptxBatch) throw new Error('ppo: the pretraining mix (γ > 0) needs a pretraining batch');
      const b = ptxBatch();
      const n = this.ptx.B * this.ptx.T;
      this.ptx.setBatch(b.inputs, b.targets, new Float32Array(n).fill(this.s.ptxCoef / n), true);
    });
  }

  set onStep(f: ((m: StepMetrics) => void) | undefined) {
    this.loop.onStep = f;
  }

  destroy(): void {
    this.loop.destroy();
    this.ptx?.destroy();
    this.policy.destroy();
  }
}
