// End-to-end tests against the built app (run `npm run build` first; `npm test` does): headless Chromium,
// WebGPU on SwiftShader, the trainer in a Web Worker. Prints "N passed, N failed" and exits non-zero on failure.
// Screenshots go to e2e/artifacts/.
import { mkdirSync } from 'node:fs';
import { launchBrowser, servePreview } from './browser.mjs';
import { engineTests } from './engine.e2e.mjs';

const tests = [...engineTests];
mkdirSync('e2e/artifacts', { recursive: true });
const server = await servePreview();
const browser = await launchBrowser();
let passed = 0;
let failed = 0;
for (const t of tests) {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log(`  [page error] ${m.text()}`); });
  page.on('pageerror', (e) => console.log(`  [page exception] ${e.message}`));
  const t0 = Date.now();
  try {
    await t.run(page, server.url);
    passed++;
    console.log(`✓ ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`✗ ${t.name}: ${e instanceof Error ? e.message : e}`);
    await page.screenshot({ path: `e2e/artifacts/FAILED-${t.name.replace(/\W+/g, '-')}.png` }).catch(() => {});
  }
  await page.close();
}
await browser.close();
server.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
