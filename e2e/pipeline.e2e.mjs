// The pipeline in the page, with small counts so SwiftShader gets through it in a few minutes: pretrain `tiny`,
// fine-tune it (SFT), make rankings with the labeler from the SFT model's answers, add one ranking by hand, train
// the reward model, run 2 tiny PPO rollouts; the SFT, reward and PPO views fill (loss curve, example tokens,
// samples, score-gap histogram, K-response table, accuracy curve, PPO score curve, per-token KL heatmap, reward
// against KL, the rollout's answers); a reload offers the whole pipeline back (PPO's curves included); a copied
// link restores the stage settings.
import { assert, dataNumber, expectEqual, noticeTexts, openLab, testid, trainToEnd, waitInPage } from './lab.mjs';

const PROMPTS = 8;
const K = 4;
const PPO_ROLLOUTS = 2;
const PPO_BATCH = 4;
const QUERY = `preset=tiny&steps=10&sft.steps=6&sft.batch=4&lambda=0.5&rm.steps=5&rm.batch=8&k=${K}&rm.prompts=${PROMPTS}&labeler=on-topic`
  + `&ppo.steps=${PPO_ROLLOUTS}&ppo.batch=${PPO_BATCH}&ppo.len=6&ppo.epochs=1`;

/** Waits until the data attribute `attr` of test id `id` is at least `n`. */
function waitForData(page, id, attr, n) {
  return waitInPage(page, ([sel, a, min]) => Number(document.querySelector(sel)?.getAttribute(`data-${a}`) ?? 0) >= min, [testid(id), attr, n]);
}

async function openStage(page, stage) {
  await page.waitForSelector(`${testid(`stage-${stage}`)}:enabled`, { timeout: 30_000 });
  await page.click(testid(`stage-${stage}`));
  await page.waitForSelector(`${testid(`stage-${stage}`)}[aria-current="step"]`);
}

export const pipelineTests = [
  {
    name: 'pipeline: pretrain → SFT → rankings (labeler and by hand) → reward model → PPO, and the link keeps the stage settings',
    async run({ page, context, browser, url }) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await openLab(page, url, QUERY);
      assert(await page.isDisabled(testid('stage-sft')), 'SFT is open before pretraining has a checkpoint');
      assert(await page.isDisabled(testid('stage-ppo')), 'PPO is open');
      const t0 = Date.now();
      await trainToEnd(page);
      const lap = (what) => console.log(`  ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      lap('pretrained 10 steps');

      await openStage(page, 'sft');
      const from = await page.textContent(testid('starts-from-sft'));
      assert(from.includes('pretraining at step 10'), `SFT starts from: ${from}`);
      expectEqual(await page.inputValue(testid('control-lambda')), '0.5', 'λ from the link');
      await trainToEnd(page);
      expectEqual(await page.textContent(testid('step')), '6', 'SFT step counter');
      expectEqual(await dataNumber(page, 'sft-loss-chart', 'points'), 6, 'points in the SFT loss chart');
      const sftLosses = await page.evaluate(() => window.__gptLab.getStageColumn('sft', 'loss'));
      assert(sftLosses.length === 6 && sftLosses.every(Number.isFinite), `SFT losses: ${sftLosses}`);
      await waitForData(page, 'sft-example', 'counted', 1);
      const tokens = await dataNumber(page, 'sft-example', 'tokens');
      assert(tokens > (await dataNumber(page, 'sft-example', 'counted')), 'every token of the SFT example counts (the prompt should be masked)');
      assert((await page.$$(testid('sft-sample'))).length > 0, 'no SFT samples');
      expectEqual(await page.getAttribute(testid('stage-pretrain'), 'data-state'), 'done', 'pretraining after SFT');
      lap('SFT done');

      await openStage(page, 'reward');
      const description = await page.textContent(testid('labeler-description'));
      assert(/on topic/i.test(description), `labeler description: ${description}`);
      await page.click(testid('make-rankings'));
      // Done when the button is enabled again. Answers the labeler scores alike count once, and a prompt whose
      // answers all tie is left out, so there are at most PROMPTS rankings of 2..K answers.
      await waitForData(page, 'rankings', 'count', 1);
      await page.waitForSelector(`${testid('make-rankings')}:enabled`, { timeout: 150_000 });
      const rankings = await page.evaluate(() => window.__gptLab.getRankings());
      const made = rankings.length;
      assert(made >= 1 && made <= PROMPTS, `rankings made: ${made}`);
      assert(rankings.every((r) => r.ranked.length >= 2 && r.ranked.length <= K && r.source === 'labeler'), `rankings: ${JSON.stringify(rankings[0])}`);
      lap(`${made} rankings made`);

      await page.click(testid('hand-sample'));
      await page.waitForFunction(([sel, k]) => document.querySelectorAll(sel).length === k, [testid('hand-answer'), K], { timeout: 60_000 });
      const before = await page.$$eval(testid('hand-answer'), (li) => li.map((l) => l.querySelector('.gl-text').textContent));
      await page.click(`${testid('hand-answer')}:first-child ${testid('hand-down')}`);
      await page.click(testid('hand-add'));
      await waitForData(page, 'rankings', 'hand', 1);
      const hand = (await page.evaluate(() => window.__gptLab.getRankings())).find((r) => r.source === 'hand');
      const text = (s) => s || '(empty)';
      expectEqual(JSON.stringify(hand.ranked.map(text)), JSON.stringify([before[1], before[0], ...before.slice(2)]), 'the hand ranking after moving the first answer down');
      expectEqual(await dataNumber(page, 'rankings', 'count'), made + 1, 'rankings with the hand one');
      lap('hand ranking added');

      await trainToEnd(page);
      expectEqual(await page.textContent(testid('step')), '5', 'reward step counter');
      await waitForData(page, 'gap-histogram', 'pairs', 1);
      const rows = Number(await page.getAttribute(testid('response-table'), 'data-rows'));
      assert(rows >= 2, `the K-response table has ${rows} rows`);
      expectEqual(await dataNumber(page, 'reward-accuracy-chart', 'points'), 5, 'points in the accuracy chart');
      const acc = await page.evaluate(() => window.__gptLab.getStageColumn('reward', 'accuracy'));
      assert(acc.every((a) => a >= 0 && a <= 1), `training accuracies: ${acc}`);
      console.log(`  ${await page.textContent(testid('reward-eval-summary'))}; table ${rows} rows, ${await page.getAttribute(testid('response-table'), 'data-disagreements')} disagreements`);
      await page.screenshot({ path: 'e2e/artifacts/pipeline-reward.png', fullPage: true });
      lap('reward model done');

      await openStage(page, 'ppo');
      const ppoFrom = await page.textContent(testid('starts-from-ppo'));
      assert(ppoFrom.includes('the SFT model at step 6'), `PPO starts from: ${ppoFrom}`);
      expectEqual(await page.inputValue(testid('control-ppo.len')), '6', 'response length from the link');
      await trainToEnd(page);
      expectEqual(await page.textContent(testid('step')), String(PPO_ROLLOUTS), 'PPO rollout counter');
      await waitForData(page, 'ppo-score-chart', 'points', PPO_ROLLOUTS);
      await waitForData(page, 'ppo-kl-heatmap', 'rows', PPO_BATCH);
      await waitForData(page, 'ppo-reward-kl', 'points', PPO_ROLLOUTS);
      expectEqual(await dataNumber(page, 'ppo-kl-heatmap', 'rows'), PPO_BATCH, 'rows of the KL heatmap');
      const cells = await dataNumber(page, 'ppo-kl-heatmap', 'cells');
      assert(cells >= PPO_BATCH && cells <= PPO_BATCH * 6, `cells of the KL heatmap: ${cells}`);
      expectEqual(await dataNumber(page, 'ppo-responses', 'rows'), PPO_BATCH, 'rows of the PPO answers table');
      await waitForData(page, 'ppo-sft-vs-policy', 'rows', 1);
      const compared = await dataNumber(page, 'ppo-sft-vs-policy', 'rows');
      assert(compared >= 1 && compared <= PPO_BATCH, `rows of the SFT-against-policy table: ${compared}`);
      const policyLoss = await page.evaluate(() => window.__gptLab.getStageColumn('ppo', 'loss'));
      assert(policyLoss.length === PPO_ROLLOUTS && policyLoss.every(Number.isFinite), `PPO policy losses: ${policyLoss}`);
      await page.screenshot({ path: 'e2e/artifacts/pipeline-ppo.png', fullPage: true });
      lap('PPO done');

      // Every stage, trained, in both languages (issue 10's screenshots): the toggle switches every word in place.
      for (const lang of ['en', 'zh']) {
        await page.click(testid(`lang-${lang}`));
        for (const stage of ['pretrain', 'sft', 'reward', 'ppo']) {
          await openStage(page, stage);
          await page.screenshot({ path: `e2e/artifacts/stage-${stage}-${lang}.png`, fullPage: true });
        }
      }
      await page.click(testid('lang-en'));

      await page.click(testid('copy-link'));
      const link = await page.inputValue(testid('link-text'));
      for (const part of ['sft.steps=6', 'lambda=0.5', 'rm.steps=5', `rm.prompts=${PROMPTS}`, 'labeler=on-topic', `ppo.steps=${PPO_ROLLOUTS}`, 'ppo.len=6']) assert(link.includes(part), `the link ${link} lacks ${part}`);
      const settings = await page.evaluate(() => window.__gptLab.getStageSettings());
      const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const other = await fresh.newPage();
        await openLab(other, link);
        expectEqual(JSON.stringify(await other.evaluate(() => window.__gptLab.getStageSettings())), JSON.stringify(settings), 'stage settings from the copied link');
        expectEqual((await noticeTexts(other)).join(' | '), '', 'notices on the copied link');
      } finally {
        await fresh.close();
      }

      // The whole pipeline comes back after a reload (IndexedDB is saved a moment after the last change).
      await page.waitForTimeout(800);
      await page.reload();
      await page.waitForSelector(`${testid('resume-button')}:enabled`, { timeout: 60_000 });
      const offer = await page.textContent(testid('resume-stages'));
      assert(offer.includes('SFT step 6') && offer.includes('reward model step 5') && offer.includes(`PPO rollout ${PPO_ROLLOUTS}`) && offer.includes(`${made + 1} rankings`), `resume offer: ${offer}`);
      await page.click(testid('resume-button'));
      await page.waitForSelector(`${testid('stage-ppo')}[aria-current="step"]`);
      expectEqual(await page.textContent(testid('run-state')), 'done', 'the restored PPO stage');
      await waitForData(page, 'ppo-score-chart', 'points', PPO_ROLLOUTS);
      await openStage(page, 'reward');
      await waitForData(page, 'rankings', 'count', made + 1);
      expectEqual(await page.textContent(testid('run-state')), 'done', 'the restored reward stage');
      await waitForData(page, 'reward-accuracy-chart', 'points', 5);
      lap('pipeline resumed');
    },
  },
];
