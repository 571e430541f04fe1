// End-to-end tests against the built app (run `npm run build` first; `npm test` does): headless Chromium,
// WebGPU on SwiftShader, the trainer in a Web Worker. Each test gets a fresh browser context (its own IndexedDB).
// `node e2e/run.mjs [words…]` runs only the tests whose names contain one of the words. Prints
// "N passed, N failed" and exits non-zero on failure. Screenshots go to e2e/artifacts/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, servePreview } from './browser.mjs';
import { faultTests } from './faults.e2e.mjs';
import { i18nTests } from './i18n.e2e.mjs';
import { lessonTests } from './lessons.e2e.mjs';
import { linkTests } from './link.e2e.mjs';
import { persistTests } from './persist.e2e.mjs';
import { pipelineTests } from './pipeline.e2e.mjs';
import { responsivenessTests } from './responsiveness.e2e.mjs';
import { trainTests } from './train.e2e.mjs';
import { uploadTests } from './upload.e2e.mjs';
import { viewsTests } from './views.e2e.mjs';

/** A test that takes longer than this has hung (the slowest takes about 30 s on 2 cores). */
const TEST_TIMEOUT_MS = 300_000;

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const filters = process.argv.slice(2);
const tests = [...trainTests, ...viewsTests, ...linkTests, ...persistTests, ...uploadTests, ...faultTests, ...responsivenessTests, ...pipelineTests, ...lessonTests, ...i18nTests]
  .filter((t) => !filters.length || filters.some((f) => t.name.includes(f)));
if (!tests.length) {
  console.log(`e2e: no test name contains ${filters.map((f) => `"${f}"`).join(' or ')}`);
  process.exit(1);
}
mkdirSync('e2e/artifacts', { recursive: true });

const server = await servePreview();
const browser = await launchBrowser().catch((e) => {
  server.close();
  throw e;
});
let passed = 0;
let failed = 0;
const t00 = Date.now();
for (const t of tests) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log(`  [page error] ${m.text()}`); });
  page.on('pageerror', (e) => console.log(`  [page exception] ${e.message}`));
  const t0 = Date.now();
  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
    });
    await Promise.race([t.run({ page, context, browser, url: server.url }), timeout]);
    passed++;
    console.log(`✓ ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`✗ ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${e instanceof Error ? e.message : e}`);
    await page.screenshot({ path: `e2e/artifacts/FAILED-${t.name.replace(/\W+/g, '-')}.png`, fullPage: true }).catch(() => {});
  } finally {
    clearTimeout(timer);
  }
  await context.close();
}
await browser.close();
server.close();
console.log(`e2e: ${passed} passed, ${failed} failed (${((Date.now() - t00) / 1000).toFixed(0)} s)`);
process.exit(failed ? 1 : 0);
