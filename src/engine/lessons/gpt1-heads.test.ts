// Issue 9's GPT-1 test: the gpt1-heads lesson's recipe with a test budget — PRETRAIN steps of pretraining on
// tinystories-en, then FINETUNE steps of fine-tuning with a classification head (start, text, extract; L3 = L2 +
// 0.5·L1) on the bundled sentiment task — beats chance (50 %, balanced labels) on the held-out split by MARGIN.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { runLessonForTest } from './lesson-learning-setup';

const PRETRAIN = 40;
const FINETUNE = 40;
const MARGIN = 0.2;

describe('GPT-1 task head', () => {
  it(`beats chance on held-out sentiment by more than ${MARGIN}`, { timeout: 900_000 }, async () => {
    const { summary } = await runLessonForTest(await testCtx(), 'gpt1-heads', { steps: PRETRAIN, headSteps: FINETUNE }, (s) => ({ ...s, heads: { ...s.heads!, lambdas: [0.5], evalEvery: FINETUNE } }));
    expect(summary.figures.chance).toBe(0.5);
    expect(summary.figures['lambda0.5'] - summary.figures.chance).toBeGreaterThan(MARGIN);
  });
});
