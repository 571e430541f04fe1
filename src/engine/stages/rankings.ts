// Where the reward model's data comes from, as in InstructGPT: K responses sampled from the SFT model for each
// prompt, ordered best first by a labeler — here a programmatic one (src/engine/labelers) — so the rankings
// hold the failures a weak model really makes (truncated, repeated, off-topic, empty). Also samples K responses
// to one prompt for ranking by hand. Tested by pipeline.test.ts.

import type { Gpt2Checkpoint } from '../checkpoint/gpt2-checkpoint';
import type { RankedRecord } from '../data/jsonl';
import type { Labeler } from '../labelers/labelers';
import { strictRanking } from '../labelers/labelers';
import { GPT } from '../model/gpt';
import { generateBatch } from '../sampling/generate';
import type { GpuContext } from '../../kernels/runtime/context';
import { LabError } from '../errors';
import { checkVocabulary } from './stage-data';

export interface SampleSettings {
  temperature: number;
  topK: number;
  /** Most response tokens; the context caps it so that prompt + response + end of text fit. */
  maxTokens: number;
  seed: number;
}

/** Sequences sampled together (K per prompt); more would only add padding on small prompt sets. */
const SAMPLER_ROWS = 64;

/** A sampler on a language-model checkpoint, freed by `destroy`. */
export class ResponseSampler {
  private readonly model: GPT;

  constructor(ctx: GpuContext, private readonly ckpt: Gpt2Checkpoint, rows = SAMPLER_ROWS) {
    this.model = new GPT(ctx, ckpt.config, rows, ckpt.config.blockSize, { training: false });
    this.model.loadParams(ckpt.flat);
  }

  get rows(): number {
    return this.model.B;
  }

  /** `k` responses to each prompt (prompt i's are out[i]), each ending at end of text or the cap. */
  async sample(prompts: readonly string[], k: number, s: SampleSettings, onProgress?: (done: number) => void): Promise<string[][]> {
    const tok = this.ckpt.tokenizer;
    checkVocabulary(tok, prompts, 'prompts');
    if (!Number.isInteger(k) || k < 1 || k > this.rows) throw new Error(`K must be an integer from 1 to ${this.rows} (got ${k})`);
    const T = this.ckpt.config.blockSize;
    const perCall = Math.max(1, Math.floor(this.rows / k));
    const out: string[][] = [];
    for (let i = 0; i < prompts.length; i += perCall) {
      const chunk = prompts.slice(i, i + perCall);
      const longest = Math.max(...chunk.map((p) => Array.from(p).length));
      if (longest + 1 >= T) {
        throw new LabError('prompt-too-long', { file: 'prompts', chars: longest, context: T, most: T - 2 }, `a prompt of ${longest} characters leaves no room for a response in the context of ${T}`);
      }
      const rows = chunk.flatMap((p) => Array<string>(k).fill(p));
      // CPU token choice: the committed pipeline fixtures (the PPO tests' SFT and reward models) were ranked from
      // answers drawn from the CPU's random stream; the GPU's would be other, equally likely answers.
      const done = await generateBatch(this.model, tok, rows, { tokens: Math.min(s.maxTokens, T - longest - 1), temperature: s.temperature, topK: s.topK, seed: s.seed + i, tokenChoice: 'cpu' });
      chunk.forEach((_, j) => out.push(done.slice(j * k, (j + 1) * k).map((c) => c.text)));
      onProgress?.(Math.min(prompts.length, i + perCall));
    }
    return out;
  }

  destroy(): void {
    this.model.destroy();
  }
}

/**
 * K responses per prompt from `sft`, ordered best first by `labeler`: the reward model's training data. Responses
 * the labeler scores equal are collapsed (strictRanking), so a record may hold fewer than K; prompts whose K
 * responses all score alike are left out.
 */
export async function makeRankings(ctx: GpuContext, sft: Gpt2Checkpoint, prompts: readonly string[], k: number, labeler: Labeler, s: SampleSettings, onProgress?: (done: number, total: number) => void): Promise<RankedRecord[]> {
  if (!Number.isInteger(k) || k < 2) throw new Error(`a ranking needs K >= 2 responses per prompt (got ${k})`);
  if (prompts.length === 0) throw new Error('no prompts to rank responses for');
  const sampler = new ResponseSampler(ctx, sft);
  try {
    const responses = await sampler.sample(prompts, k, s, (done) => onProgress?.(done, prompts.length));
    return prompts.map((prompt, i) => ({ prompt, ranked: strictRanking(labeler, prompt, responses[i]) })).filter((r) => r.ranked.length >= 2);
  } finally {
    sampler.destroy();
  }
}
