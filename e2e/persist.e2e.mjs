// Save and resume: a paused run is kept in IndexedDB; after a reload the page offers to resume it, and resuming
// restores the curves and continues from the saved step to the end, with exactly the losses of the same run
// trained without interruption in a fresh browser (the engine's restore is exact: parameters, moments, step).
// Export for PyTorch: the button downloads one zip holding the Hugging Face folder of the run (src/engine/export).
import { unzipSync, strFromU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { assert, expectEqual, expectSameLosses, losses, openLab, recordTimeline, stepCount, testid, timeline, trainToEnd, waitForRunState, waitInPage } from './lab.mjs';

const STEPS = 24;
const PAUSE_AT = 8;

/** The step of the run saved in IndexedDB, or null. Read only after the app has opened its database (at startup),
 *  so this open (without a version) never creates an empty one in its place. */
function savedStep(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('gpt-lab');
    req.onerror = () => resolve(null);
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('runs')) return db.close(), resolve(null);
      const get = db.transaction('runs').objectStore('runs').get('latest');
      get.onsuccess = () => resolve(get.result?.state.step ?? null);
      get.onerror = () => resolve(null);
      get.transaction.oncomplete = () => db.close();
    };
  }));
}

export const persistTests = [
  {
    name: 'persist: reload offers to resume, and resuming continues from the saved step',
    async run({ page, browser, url }) {
      const query = `preset=tiny&steps=${STEPS}`;
      await openLab(page, url, query);
      await page.click(testid('train-button'));
      await waitInPage(page, ([sel, n]) => Number(document.querySelector(sel)?.textContent) >= n, [testid('step'), PAUSE_AT]);
      await page.click(testid('pause-button'));
      await waitForRunState(page, ['paused']);
      const saved = await stepCount(page);
      assert(saved >= PAUSE_AT && saved < STEPS, `paused at step ${saved}`);
      const before = await losses(page);
      expectEqual(before.length, saved, 'losses when paused');
      // Pausing sends a snapshot; wait until it is in IndexedDB before reloading.
      for (let i = 0, stored; (stored = await savedStep(page)) !== saved; i++) {
        assert(i < 50, `IndexedDB holds step ${stored}, not the paused step ${saved}`);
        await page.waitForTimeout(200);
      }

      await page.reload();
      await page.waitForSelector(`${testid('resume-button')}:enabled`, { timeout: 60_000 });
      const offer = await page.textContent(testid('resume-button'));
      assert(offer.includes(`step ${saved}`), `the resume button says "${offer}", saved step ${saved}`);
      assert(await stepCount(page) === 0 && (await losses(page)).length === 0, 'the reloaded page is not fresh');

      await recordTimeline(page);
      await page.click(testid('resume-button'));
      await waitForRunState(page, ['done']);
      const tl = await timeline(page);
      const after = tl.step.slice(1);
      assert(after.length && after.every((s) => s >= saved), `after resuming the step counter went ${tl.step.join(', ')} (saved ${saved})`);
      assert(tl.points.slice(1).every((p) => p >= saved), `after resuming the loss chart showed ${tl.points.join(', ')} points (saved ${saved})`);
      expectEqual(await stepCount(page), STEPS, 'final step');
      const ls = await losses(page);
      expectEqual(ls.length, STEPS, 'losses after resuming');
      assert(before.every((l, i) => l === ls[i]), 'the restored curve differs from the one before the reload');
      console.log(`  paused at ${saved}, resumed: step counter ${tl.step.join(', ')}; loss chart ${tl.points.join(', ')} points`);

      const fresh = await browser.newContext();
      try {
        const other = await fresh.newPage();
        await openLab(other, url, query);
        await trainToEnd(other);
        expectSameLosses(ls, await losses(other), 'the resumed run against an uninterrupted one');
      } finally {
        await fresh.close();
      }
    },
  },
  {
    name: 'persist: "Export for PyTorch" downloads the run as a zip of a Hugging Face model folder',
    async run({ page, url }) {
      await openLab(page, url, 'preset=tiny&steps=4');
      await trainToEnd(page);
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(testid('export-run-button'))]);
      const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
      const names = Object.keys(files).map((n) => n.replace(/^[^/]+\//, ''));
      for (const want of ['config.json', 'model.safetensors', 'optimizer.safetensors', 'tokenizer.json', 'gpt_lab_run.json', 'train_ddp.py', 'README.md']) {
        assert(names.includes(want), `the zip ${download.suggestedFilename()} lacks ${want} (has ${names.join(', ')})`);
      }
      const file = (name) => files[Object.keys(files).find((n) => n.endsWith(`/${name}`))];
      const run = JSON.parse(strFromU8(file('gpt_lab_run.json')));
      expectEqual(run.stage, 'pretrain', 'exported stage');
      expectEqual(run.step, 4, 'exported step');
      const config = JSON.parse(strFromU8(file('config.json')));
      expectEqual(config.architectures[0], 'GPT2LMHeadModel', 'architecture');
      assert(names.some((n) => n.startsWith('data/')), 'the zip carries the run\'s data');
      console.log(`  ${download.suggestedFilename()}: ${names.length} files`);
    },
  },
];
