// Lesson "chain of thought": counting on in a cyclic alphabet, the same problems written two ways, one corpus each.
// A problem is a letter and a count: "d3" asks for the letter 3 places after d (after z comes a again). The zh
// lesson counts in the first 26 characters of the Thousand Character Classic (天地玄黄宇宙洪荒…, long used in China
// to number things in order, as letters are) with Chinese numerals:
//   direct   d3=g                天三=黄
//   steps    d3e2f1g             天三地二玄一黄
// The worked line writes every letter it passes with how many are still to go, so each written character follows
// from the two before it by one of two small rules (the next letter; one less), which a 2-layer model learns within
// a CI budget. The direct answer needs the whole (letter, count) table at once: a model cannot learn a held-out pair
// of it from other pairs, while the worked line chains rules it has seen. The final answer is the line's last
// character in both notations. Held out, fairly for both: a problem's worked line contains every later problem of
// its chain ("e2f1g" is the problem e2 worked), so held-out problems appear in neither corpus, neither as a line
// nor inside another line's steps. Problems with the same answer form one chain (its "diagonal"); on each diagonal
// every problem from a threshold count up is held out, the thresholds spread over 2…9 and "none" (so every count
// is trained somewhere and every step "next letter" is seen). Task files ask the held-out problems by count (the
// number of steps, "2-steps" … "9-steps"), the direct target being the answer and the steps target the worked line.
// Tested by chain-of-thought.test.ts.
import { makeRng } from './rng.mjs';
import { taskFileText } from './task-file.mjs';

/** Lines in each corpus (the same problems in the same order in both). */
const LINES = 6000;
/** Largest count: a worked line of 9 steps is 19 characters, so a problem and its steps fit a 24-token context. */
export const MAX_COUNT = 9;
/** Held-out thresholds dealt to the diagonals in turn: counts 2…9, then `null` (nothing held out) twice. */
const THRESHOLDS = [2, 3, 4, 5, 6, 7, 8, 9, null, null];

export const COT_TEMPLATES = { direct: '{input}=', steps: '{input}' };

/** The ordered symbols (cyclic) and the count digits 1…9 of each language. */
export const COT_ALPHABETS = {
  en: { letters: Array.from('abcdefghijklmnopqrstuvwxyz'), counts: Array.from('123456789') },
  zh: { letters: Array.from('天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余'), counts: Array.from('一二三四五六七八九') },
};

function alphabet(language) {
  const a = COT_ALPHABETS[language];
  if (!a) throw new Error(`chain-of-thought.mjs: no alphabet for language "${language}" (have: ${Object.keys(COT_ALPHABETS).join(', ')})`);
  return a;
}

/** Problem (letter index x, count h) in `language`: { input, answer, steps } (steps: the worked line after the input). */
export function countingOn(x, h, language) {
  const { letters, counts } = alphabet(language);
  if (!(Number.isInteger(h) && h >= 1 && h <= MAX_COUNT)) throw new Error(`chain-of-thought.mjs: count must be 1…${MAX_COUNT} (got ${h})`);
  const letter = (i) => letters[(((x + i) % letters.length) + letters.length) % letters.length];
  let steps = '';
  for (let j = 1; j < h; j++) steps += letter(j) + counts[h - j - 1];
  steps += letter(h);
  return { input: letter(0) + counts[h - 1], answer: letter(h), steps };
}

/** The final answer of a line in either notation: its last character. */
export const finalAnswer = (line) => Array.from(line.trim()).pop() ?? '';

/** Problems held out and trained for an alphabet of n symbols, drawing from `r`: { train: [{x, h}], held: [{x, h}] }. */
function split(n, r) {
  const diagonals = r.shuffle(Array.from({ length: n }, (_, d) => d));
  const train = [];
  const held = [];
  diagonals.forEach((d, i) => {
    const threshold = THRESHOLDS[i % THRESHOLDS.length];
    for (let h = 1; h <= MAX_COUNT; h++) {
      const p = { x: (d - h + n) % n, h };
      (threshold !== null && h >= threshold ? held : train).push(p);
    }
  });
  return { train, held };
}

/**
 * The held-out split of one language's lesson: every problem, by diagonal (answer index d: the problems (d−h, h)),
 * held out from the diagonal's threshold count up. { train: [{x, h}], held: [{x, h}] } (x: letter index, h: count).
 */
export const splitProblems = (language, seed) => split(alphabet(language).letters.length, makeRng(seed));

/** The corpora and task files of one language: { direct, steps, directTasks, stepsTasks } (texts). */
export function chainOfThoughtLesson(language, seed) {
  const r = makeRng(seed);
  const { train, held } = split(alphabet(language).letters.length, r);
  // Every count equally often (long chains as often as short ones), then any training problem with that count.
  const byCount = Array.from({ length: MAX_COUNT }, (_, i) => train.filter((p) => p.h === i + 1));
  const problems = Array.from({ length: LINES }, () => {
    const { x, h } = r.pick(byCount[r.int(MAX_COUNT)]);
    return countingOn(x, h, language);
  });
  const direct = problems.map((p) => `${p.input}=${p.answer}\n`).join('');
  const steps = problems.map((p) => `${p.input}${p.steps}\n`).join('');

  const tasks = [];
  for (let h = 2; h <= MAX_COUNT; h++) {
    const items = r.shuffle(held.filter((p) => p.h === h)).map((p) => countingOn(p.x, p.h, language));
    if (items.length) tasks.push({ name: `${h}-steps`, items });
  }
  const taskFile = (template, target) => taskFileText(tasks.map(({ name, items }) => ({ task: name, template, items: items.map((p) => ({ input: p.input, target: target(p) })) })));
  return {
    direct,
    steps,
    directTasks: taskFile(COT_TEMPLATES.direct, (p) => p.answer),
    stepsTasks: taskFile(COT_TEMPLATES.steps, (p) => p.steps),
  };
}
