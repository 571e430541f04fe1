// The KL penalty matters (issue 7's learning test, with ppo-learning.test.ts): the same run as the defaults' but with
// β = 0 drifts past KL_BOUND from π_SFT, which the default β keeps it under.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { DEFAULT_PPO } from './defaults';
import { KL_BOUND, runPipelinePpo } from './ppo-learning-setup';

describe('PPO-ptx without the KL penalty', () => {
  it('drifts past the KL bound the default β keeps', { timeout: 900_000 }, async () => {
    const r = await runPipelinePpo(await testCtx(), { ...DEFAULT_PPO, beta: 0 });
    expect(r.kl).toBeGreaterThan(KL_BOUND);
  });
});
