// The views fill with data from the probes: one Step (a step, then probes), then training to the end (probes
// again when it stops). Saves an element screenshot of every view to e2e/artifacts/views-<name>.png.
import { assert, dataNumber, expectEqual, openLab, stepCount, testid, vocabSize, waitForRunState, waitInPage } from './lab.mjs';

const STEPS = 10;
const VIEWS = ['loss', 'metrics', 'embedding', 'activations', 'attention', 'samples'];

/** Waits until every probe view shows data; returns what they show. */
async function probeViews(page) {
  await waitInPage(page, (ids) => ids.every(([id, attr]) => Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute(`data-${attr}`) ?? 0) > 0)
    && document.querySelector('[data-testid="sample"]') !== null,
  [['embedding-map', 'points'], ['activation-heatmap', 'cells'], ['attention-heatmap', 'cells']]);
  return {
    embeddingPoints: await dataNumber(page, 'embedding-map', 'points'),
    activationCells: await dataNumber(page, 'activation-heatmap', 'cells'),
    attentionCells: await dataNumber(page, 'attention-heatmap', 'cells'),
    samples: await page.$$eval(testid('sample'), (ss) => ss.map((s) => s.textContent ?? '')),
  };
}

export const viewsTests = [
  {
    name: 'views: embedding map, activations, attention and samples show the probes',
    async run({ page, url }) {
      await openLab(page, url, `preset=tiny&steps=${STEPS}`);
      await page.click(testid('step-button'));
      await waitForRunState(page, ['paused']);
      expectEqual(await stepCount(page), 1, 'step counter after one Step');
      const V = await vocabSize(page);
      assert(V > 0, `vocabulary size ${V}`);
      const first = await probeViews(page);
      assert(first.embeddingPoints === V, `the embedding map draws ${first.embeddingPoints} tokens; the vocabulary has ${V}`);
      assert(first.samples.length === 1 && first.samples[0].includes('step 1'), `samples after one step: ${JSON.stringify(first.samples)}`);

      await page.click(testid('train-button'));
      await waitForRunState(page, ['done']);
      await waitInPage(page, (sel) => document.querySelectorAll(sel).length >= 2, testid('sample'));
      const last = await probeViews(page);
      assert(last.embeddingPoints === V, `after training the embedding map draws ${last.embeddingPoints} tokens; the vocabulary has ${V}`);
      assert(last.samples[0].includes(`step ${STEPS}`), `the newest sample is not from step ${STEPS}: ${last.samples[0]}`);
      console.log(`  V=${V}: embedding ${last.embeddingPoints} points, activation ${last.activationCells} cells, attention ${last.attentionCells} cells, ${last.samples.length} samples`);

      await page.waitForTimeout(1000); // the embedding map animates to the new projection for 0.7 s
      for (const v of VIEWS) await page.locator(`section[data-view="${v}"]`).screenshot({ path: `e2e/artifacts/views-${v}.png` });
    },
  },
];
