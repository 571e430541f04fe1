// Helpers the lab's end-to-end tests share: open the page, drive it, and read it through the DOM hooks of
// docs/lab.md (data-testid attributes and window.__gptLab). Waits poll every 200 ms (never per frame),
// so they cost little CPU next to the SwiftShader trainer.

/** Generous bound for one wait: `tiny` trains at ~0.3 s/step on SwiftShader, slower on a loaded CI machine. */
const WAIT_MS = 150_000;
const POLL = { polling: 200, timeout: WAIT_MS };

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function expectEqual(actual, expected, what) {
  assert(actual === expected, `${what}: ${actual}, expected ${expected}`);
}

export const testid = (id) => `[data-testid="${id}"]`;

/** Loads the lab with `query` and waits until the worker has opened the GPU (the Train button is enabled). */
export async function openLab(page, url, query = '') {
  await page.goto(query ? `${url}?${query}` : url);
  await page.waitForSelector(`${testid('train-button')}:enabled, ${testid('no-webgpu')}`, { timeout: 60_000 });
  if (await page.$(testid('no-webgpu'))) throw new Error(`the page says WebGPU is missing: ${await page.textContent(testid('no-webgpu'))}`);
}

const runState = (page) => page.textContent(testid('run-state'));
export const stepCount = async (page) => Number(await page.textContent(testid('step')));
export const losses = (page) => page.evaluate(() => window.__gptLab.getLosses());
export const noticeTexts = (page) => page.$$eval(testid('notice'), (ns) => ns.map((n) => n.textContent ?? ''));

/** A numeric data attribute (`data-points`, `data-cells`) of a test id; 0 when absent. */
export async function dataNumber(page, id, attr) {
  return Number((await page.getAttribute(testid(id), `data-${attr}`)) ?? 0);
}

/** Waits until the run state is one of `states`; a run that fails instead throws with the page's notices. */
export async function waitForRunState(page, states) {
  const wanted = [...states, 'error'];
  await page.waitForFunction(([sel, ok]) => ok.includes(document.querySelector(sel)?.textContent ?? ''), [testid('run-state'), wanted], POLL);
  const state = await runState(page);
  if (state === 'error') throw new Error(`the run failed: ${(await noticeTexts(page)).join(' | ')}`);
}

/** Waits until `predicate(arg)` holds in the page. */
export function waitInPage(page, predicate, arg) {
  return page.waitForFunction(predicate, arg, POLL);
}

/** Clicks Train and waits for the run to finish. */
export async function trainToEnd(page) {
  await page.click(testid('train-button'));
  await waitForRunState(page, ['done']);
}

/** The value of every visible control (`control-<id>` inputs and selects), by id. */
export function controlValues(page) {
  return page.$$eval('input[data-testid^="control-"], select[data-testid^="control-"]', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.testid.slice('control-'.length), e.value])));
}

/** The vocabulary size of the current run, from the run summary ("Vocabulary: N characters"). */
export async function vocabSize(page) {
  await page.waitForSelector(testid('run-summary'), { timeout: WAIT_MS });
  const text = await page.textContent(testid('run-summary'));
  const m = /Vocabulary\s*(\d+)/.exec(text ?? '');
  assert(m, `no vocabulary size in the run summary: ${text}`);
  return Number(m[1]);
}

/**
 * Starts recording, with MutationObservers, every value the run state, the step counter and the loss chart's
 * `data-points` take from now on (nothing is missed between polls); read them with `timeline`.
 */
export function recordTimeline(page) {
  return page.evaluate((ids) => {
    const log = { 'run-state': [], step: [], points: [] };
    const watch = (key, el, read, options) => {
      const push = () => {
        const v = read(el);
        if (log[key].at(-1) !== v) log[key].push(v);
      };
      push();
      new MutationObserver(push).observe(el, options);
    };
    const text = { childList: true, characterData: true, subtree: true };
    watch('run-state', document.querySelector(ids.state), (el) => el.textContent, text);
    watch('step', document.querySelector(ids.step), (el) => Number(el.textContent), text);
    watch('points', document.querySelector(ids.loss), (el) => Number(el.dataset.points ?? 0), { attributes: true, attributeFilter: ['data-points'] });
    window.__e2eTimeline = log;
  }, { state: testid('run-state'), step: testid('step'), loss: testid('loss-chart') });
}

export const timeline = (page) => page.evaluate(() => window.__e2eTimeline);

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Throws unless the two runs' losses are exactly equal (same seed, same adapter: the run is deterministic). */
export function expectSameLosses(actual, expected, what) {
  expectEqual(actual.length, expected.length, `${what}: number of losses`);
  const i = actual.findIndex((l, k) => l !== expected[k]);
  assert(i < 0, `${what}: the loss at step ${i + 1} is ${actual[i]}, expected ${expected[i]}`);
}

/** Throws unless the mean of the last `k` losses is below the mean of the first `k` by at least `margin`. */
export function expectLossFalls(ls, k = 3, margin = 0.05) {
  assert(ls.every(Number.isFinite), `a loss is not finite: ${ls}`);
  const first = mean(ls.slice(0, k));
  const last = mean(ls.slice(-k));
  assert(last < first - margin, `the loss did not fall: first ${k} ${first.toFixed(4)}, last ${k} ${last.toFixed(4)}`);
  return { first, last };
}
