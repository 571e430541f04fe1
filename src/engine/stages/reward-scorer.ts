// Rewards of responses from a reward model, forward passes only (no gradients, no loss kernel): used for the
// reward stage's held-out evaluation (sharing the trainer's parameters), `npm run score`, and later PPO.
// Tested by pipeline.test.ts and stage-api.test.ts.

import type { GpuContext } from '../../kernels/runtime/context';
import { REWARD_HEAD, type Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import type { CharTokenizer } from '../data/tokenizer';
import { GPT } from '../model/gpt';
import type { ModelConfig } from '../config';
import { packRewardBatch, type RankedGroup } from './reward-batch';

export class RewardScorer {
  private readonly model: GPT;

  constructor(ctx: GpuContext, cfg: ModelConfig, readonly tokenizer: CharTokenizer, readonly B: number, from: { shareParams: GPT } | { flat: Float32Array }) {
    const shareParams = 'shareParams' in from ? from.shareParams : undefined;
    this.model = new GPT(ctx, cfg, B, cfg.blockSize, { training: false, lmHead: false, scalarHeads: [{ ...REWARD_HEAD, rows: B }], shareParams });
    if ('flat' in from) this.model.loadParams(from.flat);
  }

  static fromCheckpoint(ctx: GpuContext, ckpt: Gpt2Checkpoint, B: number): RewardScorer {
    return new RewardScorer(ctx, ckpt.config, ckpt.tokenizer, B, { flat: ckpt.flat });
  }

  /** Rewards of every response of `groups`, group by group (each group must fit in B sequences). */
  async scoreGroups(groups: readonly RankedGroup[]): Promise<number[][]> {
    const { B, model } = this;
    const ctx = model.ctx;
    const head = model.head(REWARD_HEAD.name);
    const out: number[][] = [];
    let i = 0;
    while (i < groups.length) {
      const batch: RankedGroup[] = [];
      let used = 0;
      while (i < groups.length && used + groups[i].seqs.length <= B) {
        used += groups[i].seqs.length;
        batch.push(groups[i++]);
      }
      if (batch.length === 0) throw new Error(`a prompt with ${groups[i].seqs.length} responses does not fit a batch of ${B} sequences`);
      const packed = packRewardBatch(batch, B, model.T);
      model.setInputs(packed.inputs);
      head.setRows(packed.rows);
      ctx.run(model.forward, 'reward scores');
      const values = await ctx.read(head.values);
      let at = 0;
      for (const g of batch) {
        out.push(Array.from(values.subarray(at, at + g.seqs.length)));
        at += g.seqs.length;
      }
    }
    return out;
  }

  destroy(): void {
    this.model.destroy();
  }
}
