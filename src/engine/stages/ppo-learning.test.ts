// PPO-ptx learns (issue 7's learning test, with ppo-no-kl.test.ts): from the tiny pipeline's SFT model against its
// reward model (concise labeler), 30 rollouts at the default settings raise the labeler's own score on held-out
// prompts above the SFT model's by LABELER_GAIN while the KL to π_SFT stays below KL_BOUND.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { DEFAULT_PPO } from './defaults';
import { KL_BOUND, LABELER_GAIN, runPipelinePpo } from './ppo-learning-setup';

describe('PPO-ptx at the defaults', () => {
  it('raises the held-out labeler score over the SFT model within the KL bound', { timeout: 900_000 }, async () => {
    const r = await runPipelinePpo(await testCtx(), DEFAULT_PPO);
    expect(r.labelerAfter - r.labelerBefore).toBeGreaterThan(LABELER_GAIN);
    expect(r.kl).toBeLessThan(KL_BOUND);
  });
});
