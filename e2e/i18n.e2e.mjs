// The lab in Chinese: a `lang=zh` link opens in Chinese; after training a few steps with every view open, the page's
// visible text has no English word outside user data, token labels and units (the allowlist below, the same
// by-design list as src/ui/i18n/catalogue.test.ts); the toggle switches languages, is remembered, and copied links
// carry it; a first visit follows the browser's language. Screenshots of the stage and of each view in both
// languages, and of a lesson page, go to e2e/artifacts/i18n-<lang>-<name>.png.
import { readFileSync } from 'node:fs';
import { assert, dataNumber, expectEqual, openLab, testid, waitInPage } from './lab.mjs';

const STEPS = 6;
const VIEWS = ['loss', 'metrics', 'embedding', 'activations', 'attention', 'samples'];
/** Latin words that may appear on the Chinese page: symbols, acronyms and units of the field, and names. */
const ALLOWED = new Set([
  'GPT', 'GPU', 'WebGPU', 'KL', 'PPO', 'PPO-ptx', 'ptx', 'SFT', 'RL', 'RM', 'L1', 'L2', 'L3', 'L', 'ln', 'log', 'E', 'r', 'x', 'y_w', 'y_l',
  'r_w', 'r_l', 'u', 'P', 'top-k', 'k', 'K', 'V', 'C', 'T', 'MiB', 'KiB', 'MB', 'CI', 'CPU', 'txt', 'safetensors', 'PC1', 'PC2',
  'PyTorch', 'zip', // the export button: a product name and a file format
]);

/** Characters of the Chinese corpus, for a probe text and prompt the model knows. */
const zhText = readFileSync('public/datasets/stories-zh.txt', 'utf8').split('\n')[0];

const waitState = (page, state) => page.waitForSelector(`${testid('run-state')}[data-state="${state}"]`, { timeout: 150_000 });

/** The page's visible text, without user data (samples, answers, file and GPU names: `translate="no"`, .gl-text,
 *  .gl-samples), token labels (heatmap axes, embedding points) and the contents of closed <select>s. */
function visibleText(page) {
  return page.evaluate(() => {
    const skip = '[translate="no"], .gl-samples, .gl-text, .gl-tokens, .gl-axis.rows, .gl-axis.cols, .gl-axis.keys, .gl-axis.queries, g.pt, select, script, style, .gl-tooltip';
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip)) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      out.push(n.textContent);
    }
    for (const s of document.querySelectorAll('select')) {
      const chosen = s.selectedOptions[0];
      if (chosen && !chosen.closest('[translate="no"]')) out.push(chosen.textContent ?? '');
    }
    return out.join(' ');
  });
}

function englishWords(text) {
  // numbers in scientific notation or with an SI prefix (5e-3, 1.2k) are numbers, not words
  const words = text.replace(/\d[\d.]*(e[+-]?\d+|[kMGTmµn])(?![A-Za-z])/g, ' ').match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? [];
  return [...new Set(words.filter((w) => !ALLOWED.has(w)))];
}

async function fillProbes(page, text) {
  for (const view of ['activations', 'samples']) {
    const input = page.locator(`section[data-view="${view}"] input[type="text"]`).first();
    await input.fill(text);
    await input.press('Enter');
  }
}

async function screenshots(page, lang) {
  await page.waitForTimeout(1000); // the embedding map animates to its new projection for 0.7 s
  await page.screenshot({ path: `e2e/artifacts/i18n-${lang}-pretraining.png`, fullPage: true });
  await page.locator('nav.stagebar').screenshot({ path: `e2e/artifacts/i18n-${lang}-stages.png` });
  for (const v of VIEWS) await page.locator(`section[data-view="${v}"]`).screenshot({ path: `e2e/artifacts/i18n-${lang}-${v}.png` });
}

export const i18nTests = [
  {
    name: 'i18n: a lang=zh link opens in Chinese, and after training with every view open no English word is left',
    async run({ page, url }) {
      await openLab(page, url, `lang=zh&preset=tiny&steps=${STEPS}&dataset=stories-zh`);
      expectEqual(await page.getAttribute('html', 'lang'), 'zh-CN', '<html lang>');
      expectEqual(await page.textContent(testid('train-button')), '训练', 'the Train button');
      await fillProbes(page, zhText.slice(0, 16));
      await page.click(testid('train-button'));
      await waitState(page, 'done');
      await waitInPage(page, (ids) => ids.every(([id, attr]) => Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute(`data-${attr}`) ?? 0) > 0)
        && document.querySelector('[data-testid="sample"]') !== null, [['embedding-map', 'points'], ['activation-heatmap', 'cells'], ['attention-heatmap', 'cells'], ['loss-chart', 'points']]);
      assert(await dataNumber(page, 'loss-chart', 'points') === STEPS, 'the loss chart has every step');
      const text = await visibleText(page);
      const left = englishWords(text);
      assert(left.length === 0, `English words on the Chinese page: ${left.join(', ')}`);
      assert(/损失（奈特）/.test(text) && /残差流/.test(text) && /注意力/.test(text), `Chinese view titles and axes: ${text.slice(0, 300)}`);
      console.log(`  ${text.length} characters of visible text, no English word outside the allowlist`);
      await screenshots(page, 'zh');

      await page.click(testid('lang-en'));
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      expectEqual(await page.textContent(testid('train-button')), 'Train', 'the Train button after switching to English');
      assert(/loss \(nats\)/.test(await visibleText(page)), 'the English loss axis after switching');
      await screenshots(page, 'en');
    },
  },
  {
    name: 'i18n: the toggle is remembered, links carry lang, and a first visit follows the browser language',
    async run({ page, url, browser }) {
      await openLab(page, url, 'preset=tiny');
      expectEqual(await page.textContent(testid('train-button')), 'Train', 'an en-US browser opens in English');
      await page.click(testid('lang-zh'));
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
      await page.click(testid('copy-link'));
      const link = await page.inputValue(testid('link-text'));
      assert(link.includes('lang=zh'), `the copied link lacks lang=zh: ${link}`);
      await openLab(page, url, 'preset=tiny');
      expectEqual(await page.textContent(testid('train-button')), '训练', 'the remembered choice after a reload');
      await openLab(page, url, 'lang=en');
      expectEqual(await page.textContent(testid('train-button')), 'Train', 'a lang=en link over the remembered zh');

      const zhContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
      try {
        const zhPage = await zhContext.newPage();
        await openLab(zhPage, url, '');
        expectEqual(await zhPage.textContent(testid('train-button')), '训练', 'a zh-CN browser on its first visit');
        for (const lang of ['zh', 'en']) {
          await zhPage.goto(`${url}?guide=in-context&lang=${lang}`);
          await zhPage.waitForSelector(testid('lesson-exit'), { timeout: 60_000 });
          await zhPage.screenshot({ path: `e2e/artifacts/i18n-${lang}-lesson-in-context.png`, fullPage: true });
        }
        await zhPage.addInitScript(() => Object.defineProperty(navigator, 'gpu', { value: undefined }));
        for (const lang of ['zh', 'en']) {
          await zhPage.goto(`${url}?lang=${lang}`);
          await zhPage.waitForSelector(testid('no-webgpu'), { timeout: 60_000 });
          await zhPage.screenshot({ path: `e2e/artifacts/i18n-${lang}-no-webgpu.png`, fullPage: true });
        }
        assert(englishWords(await visibleText(zhPage)).length > 0, 'the English no-WebGPU page has English words (the check can fail)');
      } finally {
        await zhContext.close();
      }
    },
  },
];
