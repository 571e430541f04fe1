// Links: a copied link reproduces the experiment in a fresh browser (same settings, and the seeded run gives
// exactly the same losses on the same adapter); a malformed link gives notices and falls back to defaults;
// a classroom link hides the controls it names.
import { assert, controlValues, expectEqual, expectSameLosses, losses, noticeTexts, openLab, stepCount, testid, trainToEnd } from './lab.mjs';

const STEPS = 12;

export const linkTests = [
  {
    name: 'link: a copied link gives the same settings and the same losses in a fresh browser',
    async run({ page, context, browser, url }) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await openLab(page, url, `preset=tiny&steps=${STEPS}&lr=0.005&seed=7`);
      await page.fill(testid('control-batch'), '4'); // an edit in the page, not only in the link
      const settings = await controlValues(page);
      assert(settings.batch === '4' && settings.lr === '0.005' && settings.seed === '7', `settings: ${JSON.stringify(settings)}`);
      await trainToEnd(page);
      const original = await losses(page);
      expectEqual(original.length, STEPS, 'losses');

      await page.click(testid('copy-link'));
      const link = await page.inputValue(testid('link-text'));
      assert(link === page.url(), `the address bar (${page.url()}) does not hold the copied link (${link})`);
      assert(await page.evaluate(() => navigator.clipboard.readText()) === link, 'the link is not on the clipboard');
      for (const part of ['preset=tiny', `steps=${STEPS}`, 'lr=0.005', 'batch=4', 'seed=7']) assert(link.includes(part), `the link ${link} lacks ${part}`);

      const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const other = await fresh.newPage();
        await openLab(other, link);
        expectEqual(JSON.stringify(await controlValues(other)), JSON.stringify(settings), 'settings from the copied link');
        expectEqual((await noticeTexts(other)).join(' | '), '', 'notices on the copied link');
        await trainToEnd(other);
        const again = await losses(other);
        expectSameLosses(again, original, 'the run from the copied link');
        console.log(`  ${link.slice(link.indexOf('?'))}: ${STEPS} identical losses, last ${again.at(-1).toFixed(6)}`);
      } finally {
        await fresh.close();
      }
    },
  },
  {
    name: 'link: a malformed link shows notices and the page works with the defaults',
    async run({ page, url }) {
      await openLab(page, url);
      const defaults = await controlValues(page);
      await openLab(page, url, 'preset=nope&lr=abc&zzz=1');
      const notices = await noticeTexts(page);
      for (const bad of ['nope', 'abc', 'zzz']) assert(notices.some((n) => n.includes(bad)), `no notice mentions "${bad}": ${JSON.stringify(notices)}`);
      expectEqual(JSON.stringify(await controlValues(page)), JSON.stringify(defaults), 'settings from the malformed link (the defaults)');
      console.log(`  ${notices.length} notices: ${notices.join(' | ')}`);

      await page.fill(testid('control-steps'), '5');
      await trainToEnd(page);
      const ls = await losses(page);
      assert(ls.length === 5 && ls.every(Number.isFinite), `losses after 5 steps: ${ls}`);
      expectEqual(await stepCount(page), 5, 'step counter');
    },
  },
  {
    name: 'link: a classroom link (hide=lr,batch) hides those controls',
    async run({ page, url }) {
      await openLab(page, url, 'preset=tiny&hide=lr,batch');
      for (const id of ['lr', 'batch']) assert(!(await page.isVisible(testid(`control-${id}`))), `control-${id} is shown`);
      for (const id of ['preset', 'steps', 'seed', 'upload']) assert(await page.isVisible(testid(`control-${id}`)), `control-${id} is hidden too`);
      expectEqual((await noticeTexts(page)).join(' | '), '', 'notices');
      await page.click(testid('copy-link'));
      const link = await page.inputValue(testid('link-text'));
      assert(link.includes('hide=lr,batch'), `the copied link does not keep the hidden controls: ${link}`);
    },
  },
  {
    name: 'link: a model too large for the adapter gets a message naming the limit, and the page stays usable',
    async run({ page, url }) {
      await openLab(page, url, 'preset=tiny&layers=24&width=2048&heads=16&context=2048&batch=1024');
      await page.click(testid('train-button'));
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'error', testid('run-state'), { polling: 200, timeout: 60_000 });
      const notices = await noticeTexts(page);
      assert(notices.some((n) => /too large/.test(n) && /maxStorageBufferBindingSize|maxBufferSize/.test(n)), `no notice names the limit: ${JSON.stringify(notices)}`);
      console.log(`  ${notices.find((n) => /too large/.test(n))}`);

      await openLab(page, url, 'preset=tiny&steps=3');
      await trainToEnd(page);
      expectEqual((await losses(page)).length, 3, 'losses after the oversized attempt');
    },
  },
];
