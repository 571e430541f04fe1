// Faults injected into the page: the GPU device is destroyed in the middle of training (the run stops with a
// message naming the lost device, and "Restart from last checkpoint" continues from the saved step to the end,
// keeping the curve up to it), and IndexedDB refuses every write with QuotaExceededError (one notice says runs
// cannot be kept; training goes on to the end).
import { assert, expectEqual, losses, noticeTexts, openLab, recordTimeline, stepCount, testid, timeline, trainToEnd, waitForRunState, waitInPage } from './lab.mjs';

const STEPS = 24;
const PAUSE_AT = 6;

export const faultTests = [
  {
    name: 'faults: a GPU lost mid-training stops the run with a message, and it restarts from the last checkpoint',
    async run({ page, url }) {
      await openLab(page, url, `preset=tiny&steps=${STEPS}`);
      // A snapshot at a known step: pause (which saves), then train on.
      await page.click(testid('train-button'));
      await waitInPage(page, ([sel, n]) => Number(document.querySelector(sel)?.textContent) >= n, [testid('step'), PAUSE_AT]);
      await page.click(testid('pause-button'));
      await waitForRunState(page, ['paused']);
      const saved = await stepCount(page);
      const before = await losses(page);
      await page.waitForTimeout(500); // the snapshot reaches the page and IndexedDB
      await page.click(testid('train-button'));
      await waitInPage(page, ([sel, n]) => Number(document.querySelector(sel)?.textContent) >= n, [testid('step'), saved + 2]);
      await page.evaluate(() => window.__gptLab.loseDevice());
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'error', testid('run-state'), { polling: 200, timeout: 60_000 });
      const notices = await noticeTexts(page);
      assert(notices.some((n) => /lost/i.test(n)), `no notice names the lost device: ${JSON.stringify(notices)}`);
      console.log(`  ${notices.find((n) => /lost/i.test(n))}`);
      await page.waitForSelector(`${testid('resume-button')}:enabled`, { timeout: 30_000 });
      const offer = await page.textContent(testid('resume-button'));
      assert(/Restart from last checkpoint/.test(offer), `the offer after the loss: ${offer}`);
      const from = Number(/step (\d+)/.exec(offer)?.[1]);
      assert(from >= saved, `restarts from step ${from}, the pause saved ${saved}`);
      await recordTimeline(page);
      await page.click(testid('resume-button'));
      await waitInPage(page, (sel) => document.querySelector(sel)?.textContent === 'running', testid('run-state'));
      await waitForRunState(page, ['done']);
      const end = await stepCount(page);
      assert(end === STEPS, `the restarted run ended at step ${end}, not ${STEPS}; run states and steps ${JSON.stringify(await timeline(page))}; notices: ${(await noticeTexts(page)).join(' | ')}`);
      const ls = await losses(page);
      expectEqual(ls.length, STEPS, 'losses after the restart');
      assert(before.every((l, i) => l === ls[i]), 'the curve up to the pause changed after the restart');
      console.log(`  lost after step ${saved + 2}+, restarted from step ${from}, trained to ${STEPS}`);
    },
  },
  {
    name: 'faults: IndexedDB over quota gives one notice and training goes on',
    async run({ page, url }) {
      await page.addInitScript(() => {
        IDBObjectStore.prototype.put = function put() {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      });
      await openLab(page, url, `preset=tiny&steps=${STEPS}`);
      await trainToEnd(page);
      expectEqual(await stepCount(page), STEPS, 'steps trained while storage refuses every write');
      const notices = await noticeTexts(page);
      const storage = notices.filter((n) => /quota/i.test(n));
      expectEqual(storage.length, 1, `notices about storage (${JSON.stringify(notices)})`);
      console.log(`  ${storage[0]}`);
    },
  },
];
