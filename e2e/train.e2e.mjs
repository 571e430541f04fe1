// Training in the page (the intent of the old engine test, on the lab UI): the worker trains `tiny` for 20 steps,
// the run state goes running → done, the loss chart fills in while it trains, and the loss falls.
import { assert, dataNumber, expectEqual, expectLossFalls, losses, openLab, recordTimeline, stepCount, testid, timeline, trainToEnd } from './lab.mjs';

const STEPS = 20;

export const trainTests = [
  {
    name: 'train: tiny for 20 steps, the loss chart fills and the loss falls',
    async run({ page, url }) {
      await openLab(page, url, `preset=tiny&steps=${STEPS}`);
      await recordTimeline(page);
      await trainToEnd(page);
      const tl = await timeline(page);

      assert(tl['run-state'].join(' → ') === 'idle → running → done', `run states: ${tl['run-state'].join(' → ')}`);
      expectEqual(await stepCount(page), STEPS, 'step counter');
      // The chart is drawn while training, not only at the end: it showed some points strictly between 0 and 20,
      // and the count never went down.
      const pts = tl.points;
      assert(pts.some((p) => p > 0 && p < STEPS), `the loss chart was not updated during training: data-points went ${pts.join(', ')}`);
      assert(pts.every((p, i) => i === 0 || p > pts[i - 1]), `data-points did not only grow: ${pts.join(', ')}`);
      expectEqual(await dataNumber(page, 'loss-chart', 'points'), STEPS, 'points in the loss chart');

      const ls = await losses(page);
      expectEqual(ls.length, STEPS, 'losses');
      const { first, last } = expectLossFalls(ls);
      console.log(`  loss ${first.toFixed(4)} → ${last.toFixed(4)} on ${await page.textContent(testid('adapter'))}; data-points ${pts.join(', ')}`);
      await page.screenshot({ path: 'e2e/artifacts/train-tiny.png', fullPage: true });
    },
  },
];
