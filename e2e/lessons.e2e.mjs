// The lessons from the GPT papers in the browser: each `guide=<lesson>` link opens the lesson page, runs a short
// version of its recipe (a few pretraining steps, a few held-out items) to the end, and draws its result chart and
// "what was measured"; the in-context lesson also draws its induction head, and the chain-of-thought lesson shows
// what both models wrote. One lesson runs in Chinese (`lang=zh`).
// Screenshots of each finished lesson in both languages go to e2e/artifacts/lesson-<id>-<en|zh>.png.
import { assert, dataNumber, testid } from './lab.mjs';

async function runLesson(page, url, id, query) {
  await page.goto(`${url}?guide=${id}&${query}`);
  await page.waitForSelector(`${testid('lesson-run')}:enabled, ${testid('no-webgpu')}`, { timeout: 60_000 });
  if (await page.$(testid('no-webgpu'))) throw new Error(`the page says WebGPU is missing: ${await page.textContent(testid('no-webgpu'))}`);
  await page.click(testid('lesson-run'));
  await page.waitForFunction((sel) => ['done', 'error', 'stopped'].includes(document.querySelector(sel)?.dataset.status ?? ''), testid('lesson-status'), { polling: 250, timeout: 240_000 });
  const status = await page.getAttribute(testid('lesson-status'), 'data-status');
  assert(status === 'done', `the lesson ended "${status}": ${await page.textContent(testid('lesson-status'))}`);
  const points = await dataNumber(page, 'lesson-result', 'points');
  assert(points > 0, 'the result chart drew nothing');
  const loss = await dataNumber(page, 'lesson-loss', 'points');
  assert(loss > 0, 'the loss chart drew nothing');
  const measured = await page.$$eval(`${testid('lesson-measured')} li`, (ls) => ls.map((l) => l.textContent ?? ''));
  assert(measured.length > 0, 'no "what was measured" lines');
  // The finished lesson in both languages (issue 10's screenshots): the toggle rewords the page and its charts.
  for (const lang of ['en', 'zh']) {
    await page.click(testid(`lang-${lang}`));
    await page.screenshot({ path: `e2e/artifacts/lesson-${id}-${lang}.png`, fullPage: true });
  }
  console.log(`  ${id}: ${points} result points; ${measured[0]}`);
}

export const lessonTests = [
  {
    name: 'lessons: gpt1-heads runs and draws held-out accuracy for λ = 0.5 and λ = 0',
    run: ({ page, url }) => runLesson(page, url, 'gpt1-heads', 'lesson.steps=4&lesson.items=4'),
  },
  {
    name: 'lessons: zero-shot runs (in Chinese) and draws accuracy per task',
    async run({ page, url }) {
      await runLesson(page, url, 'zero-shot', 'lang=zh&lesson.steps=4&lesson.items=2');
      const title = await page.textContent(`${testid('guide')} h2`);
      assert(/零样本/.test(title ?? ''), `the Chinese lesson's title: ${title}`);
    },
  },
  {
    name: 'lessons: in-context runs and draws accuracy against k and the induction head',
    async run({ page, url }) {
      await runLesson(page, url, 'in-context', 'lesson.steps=4&lesson.items=1&hide=lesson');
      assert(!(await page.$(testid('lesson-settings'))), 'hide=lesson left the settings on screen');
      assert(await page.$(testid('lesson-induction')), 'no induction-head map');
    },
  },
  {
    name: 'lessons: chain-of-thought runs both models and draws accuracy by difficulty',
    async run({ page, url }) {
      await runLesson(page, url, 'chain-of-thought', 'lesson.steps=4&lesson.items=2');
      // what each model wrote: one row per difficulty, an answer cell for both models
      const rows = await page.$$eval(`${testid('lesson-samples')} tbody tr`, (rs) => rs.map((r) => r.querySelectorAll('td').length));
      assert(rows.length === 8, `sample rows: ${rows.length} (expected one per difficulty, 2–9 steps)`);
      assert(rows.every((cells) => cells === 4), `sample cells per row: ${rows.join(', ')} (difficulty, question, two models)`);
      assert((await dataNumber(page, 'lesson-samples', 'points')) === 16, 'the samples table does not hold the answers of both models');
    },
  },
];
