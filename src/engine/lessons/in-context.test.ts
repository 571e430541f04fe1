// Issue 9's in-context learning test: the in-context lesson's recipe on the tiny width (2 layers, 2 heads, width 32,
// context 40), pretrained for STEPS steps on the bundled corpus (seed 1337), answers held-out queries of the 40
// codes far better with 8 examples of the same code in the prompt than with none (no gradient update): the
// accuracy at k = 8 exceeds k = 0 by MARGIN.
import { describe, expect, it } from 'vitest';
import { testCtx } from '../../test/gpu';
import { runLessonForTest } from './lesson-learning-setup';

const STEPS = 200;
const MARGIN = 0.2;

describe('in-context lesson', () => {
  it(`answers better with 8 examples than with none by more than ${MARGIN}`, { timeout: 900_000 }, async () => {
    const { summary } = await runLessonForTest(await testCtx(), 'in-context', { steps: STEPS, items: 2 }, (s) => ({ ...s, shots: [0, 8], induction: false }));
    expect(summary.figures.k8 - summary.figures.k0).toBeGreaterThan(MARGIN);
  });
});
