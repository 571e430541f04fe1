// The visitor's own text: a generated .txt (about 5 KB, small alphabet) is trained on; an empty file and a binary
// file and a file over the size limit are each refused with a notice, and the uploaded text stays the training data.
import { assert, expectEqual, losses, noticeTexts, openLab, stepCount, testid, trainToEnd, vocabSize, waitForRunState, waitInPage } from './lab.mjs';

const STEPS = 8;

/** ~5 KB of "words" over a 9-letter alphabet plus space, period and newline (deterministic, xorshift). */
function corpus() {
  let x = 2463534242;
  const rand = (n) => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % n;
  };
  const letters = 'abcdehlno';
  let text = '';
  while (text.length < 5000) {
    const word = Array.from({ length: 2 + rand(5) }, () => letters[rand(letters.length)]).join('');
    text += word + (rand(8) === 0 ? '.\n' : ' ');
  }
  return text;
}

/** Picks `file` in the upload input and waits for the notice it causes; returns that notice. */
async function upload(page, file) {
  const n = (await noticeTexts(page)).length;
  await page.setInputFiles(testid('upload-input'), file);
  await waitInPage(page, ([sel, k]) => document.querySelectorAll(sel).length > k, [testid('notice'), n]);
  const notice = page.locator(testid('notice')).nth(n);
  return { level: await notice.getAttribute('data-level'), text: await notice.textContent() };
}

async function datasetChoice(page) {
  return page.$eval(testid('control-dataset'), (s) => ({ value: s.value, label: s.selectedOptions[0]?.textContent ?? '' }));
}

export const uploadTests = [
  {
    name: 'upload: trains on an uploaded .txt; empty, binary and huge files are refused with a notice',
    async run({ page, url }) {
      const text = corpus();
      const distinct = new Set(text).size;
      await openLab(page, url, `preset=tiny&steps=${STEPS}`);

      const ok = await upload(page, { name: 'corpus.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
      assert(ok.level === 'info' && ok.text.includes('corpus.txt'), `upload notice: ${JSON.stringify(ok)}`);
      assert((await datasetChoice(page)).value === 'upload', `dataset after the upload: ${JSON.stringify(await datasetChoice(page))}`);
      await trainToEnd(page);
      expectEqual(await vocabSize(page), distinct + 1, "the run's vocabulary (the file's distinct characters and end-of-text)");
      const ls = await losses(page);
      assert(ls.length === STEPS && ls.every(Number.isFinite), `losses on the uploaded text: ${ls}`);
      console.log(`  ${text.length} characters, V=${distinct}: loss ${ls[0].toFixed(3)} → ${ls.at(-1).toFixed(3)} (ln V = ${Math.log(distinct).toFixed(3)})`);

      const refused = [
        { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
        { name: 'binary.txt', mimeType: 'text/plain', buffer: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)) },
        // Over the upload limit (20 MB): refused from its size, before the tab reads it.
        { name: 'huge.txt', mimeType: 'text/plain', buffer: Buffer.alloc(21 * 2 ** 20, 'the cat sat. ') },
      ];
      for (const file of refused) {
        const notice = await upload(page, file);
        assert(notice.level === 'error' && notice.text.includes(file.name), `notice for ${file.name}: ${JSON.stringify(notice)}`);
        const choice = await datasetChoice(page);
        assert(choice.value === 'upload' && choice.label.includes('corpus.txt'), `after ${file.name} the dataset is ${JSON.stringify(choice)}`);
        console.log(`  ${file.name}: ${notice.text}`);
      }

      // The next run still trains on corpus.txt.
      await page.click(testid('step-button'));
      await waitForRunState(page, ['paused']);
      expectEqual(await stepCount(page), 1, 'step counter after one Step');
      expectEqual(await vocabSize(page), distinct + 1, "after the refused files, the run's vocabulary");
    },
  },
];
