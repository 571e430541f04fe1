// The engine in the browser: the worker opens WebGPU, trains `tiny` for 20 steps in the page, and the loss falls.
export const engineTests = [
  {
    name: 'worker trains tiny for 20 steps and the loss decreases',
    async run(page, url) {
      await page.goto(`${url}?autorun=1&steps=20`);
      await page.waitForSelector('#status[data-status="done"], #status[data-status="error"]', { timeout: 600_000 });
      const status = await page.getAttribute('#status', 'data-status');
      const log = await page.textContent('#log');
      if (status !== 'done') throw new Error(`training ended with status ${status}: ${log}`);
      const losses = JSON.parse(await page.getAttribute('#log', 'data-losses'));
      if (losses.length !== 20) throw new Error(`expected 20 loss values, got ${losses.length}`);
      const first = losses.slice(0, 3).reduce((a, b) => a + b, 0) / 3;
      const last = losses.slice(-3).reduce((a, b) => a + b, 0) / 3;
      if (!(last < first - 0.05)) throw new Error(`loss did not decrease: first ${first.toFixed(4)}, last ${last.toFixed(4)}`);
      console.log(`  loss ${first.toFixed(4)} → ${last.toFixed(4)} on ${await page.textContent('#adapter')}`);
      await page.screenshot({ path: 'e2e/artifacts/engine-train-tiny.png', fullPage: true });
    },
  },
];
