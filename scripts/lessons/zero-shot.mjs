// Lesson "zero-shot" (GPT-2: the task is part of the input). A pretraining corpus of short story-like sentences,
// one per line, among which four tasks occur naturally, always phrased the same way:
//   first letter   "The first letter of bim is b."   /  "bim的第一个字母是b。"
//   last letter    "The last letter of bim is m."    /  "bim的最后一个字母是m。"
//   capitals       "In capitals, bim is BIM."        /  "bim的大写是BIM。"
//   sums           "1 plus 23 is 24."                /  "1加23等于24。"
// and the task file asks held-out instances with the same phrasing and no demonstration. The first three ask
// different things of the same kind of input, so only the task's words tell the model what to answer:
// p(output | input, task). Made-up words of three letters and one plus a two-digit number (no carry) put every
// answer a fixed number of characters after what it depends on, and generalise to unseen instances: a rule per
// character (copy; change case; copy the tens and count the units on by one), each taught on other instances.
// Held-out questions never occur in the corpus, and no held-out word starts a task sentence there. Targets end
// with the sentence's full stop: the harness compares the greedy line, and in the corpus each task sentence ends
// its line. Tested by zero-shot.test.ts.
import { makeRng } from './rng.mjs';
import { EN_ANIMALS, EN_BOYS, EN_COLORS, EN_FEELINGS, EN_GIRLS, EN_PLACES, EN_TOYS, EN_TRAITS, EN_TREATS } from './story-words.mjs';
import { ZH_ANIMALS, ZH_BOYS, ZH_COLORS, ZH_FEELINGS, ZH_GIRLS, ZH_LIKES, ZH_PLACES, ZH_TOYS } from './story-words.mjs';
import { distinct, fill, taskFileText, textOfBytes } from './task-file.mjs';

/** Corpus size in UTF-8 bytes (about two passes of a 400-step run at batch 16, context 32). */
const CORPUS_BYTES = 120_000;
/** Held-out items per word task, and of the 81 sums (the rest are taught). */
const HELD_OUT = 60;
const HELD_OUT_SUMS = 30;
/** Share of the corpus's lines that are ordinary story sentences; the rest are task sentences. */
const FILLER_SHARE = 0.25;

/** The phrasings: each task's template (also used to write its corpus sentences) and the end of a sentence. */
const PHRASES = {
  en: {
    first: 'The first letter of {input} is ',
    last: 'The last letter of {input} is ',
    capitals: 'In capitals, {input} is ',
    sum: '{input} is ',
    plus: (a, b) => `${a} plus ${b}`,
    stop: '.',
  },
  zh: {
    first: '{input}的第一个字母是',
    last: '{input}的最后一个字母是',
    capitals: '{input}的大写是',
    sum: '{input}等于',
    plus: (a, b) => `${a}加${b}`,
    stop: '。',
  },
};

const CONSONANTS = 'bcdfghjklmnprstvwz';
const VOWELS = 'aeiou';

/** A made-up lowercase word of three letters, consonant-vowel-consonant (bim, kad): 1,620 of them. */
function madeUpWord(r) {
  return r.pick(CONSONANTS) + r.pick(VOWELS) + r.pick(CONSONANTS);
}

/** One plus a two-digit number whose units digit is below 9 (no carry): 81 sums, [1, b]. */
function plusOne(r) {
  return [1, 10 * (1 + r.int(9)) + r.int(9)];
}

/** A short sentence in the stories' words (the ordinary text around the tasks). */
const FILLER = {
  en: (r) => {
    const name = r.pick(r.chance(0.5) ? EN_GIRLS : EN_BOYS);
    return r.pick([
      () => `${name} has a ${r.pick(EN_COLORS)} ${r.pick(EN_TOYS)}.`,
      () => `${name} went to the ${r.pick(EN_PLACES)}.`,
      () => `The ${r.pick(EN_ANIMALS)} is ${r.pick(EN_TRAITS)}.`,
      () => `${name} and ${r.other([...EN_GIRLS, ...EN_BOYS], name)} played in the ${r.pick(EN_PLACES)}.`,
      () => `${name} was ${r.pick(EN_FEELINGS)}.`,
      () => `${name} likes ${r.pick(EN_TREATS)}.`,
      () => `${name} saw a ${r.pick(EN_ANIMALS)} at the ${r.pick(EN_PLACES)}.`,
    ])();
  },
  zh: (r) => {
    const name = r.pick(r.chance(0.5) ? ZH_GIRLS : ZH_BOYS);
    return r.pick([
      () => `${name}有一个${r.pick(ZH_COLORS)}${r.pick(ZH_TOYS)}。`,
      () => `${name}去了${r.pick(ZH_PLACES)}。`,
      () => `${name}在${r.pick(ZH_PLACES)}看见了${r.pick(ZH_ANIMALS)}。`,
      () => `${name}和${r.other([...ZH_GIRLS, ...ZH_BOYS], name)}在${r.pick(ZH_PLACES)}玩。`,
      () => `${name}很${r.pick(ZH_FEELINGS)}。`,
      () => `${name}最喜欢${r.pick(ZH_LIKES)}。`,
    ])();
  },
};

/** The task sentences' answers, by task: what follows the template for an input. */
const ANSWERS = {
  'first-letter': (w) => w[0],
  'last-letter': (w) => w[w.length - 1],
  capitals: (w) => w.toUpperCase(),
};

/** The corpus and task file of one language: { corpus, tasks } (texts). */
export function zeroShotLesson(language, seed) {
  const p = PHRASES[language];
  if (!p) throw new Error(`zero-shot.mjs: no phrasing for language "${language}" (have: ${Object.keys(PHRASES).join(', ')})`);
  const r = makeRng(seed);
  const templates = { 'first-letter': p.first, 'last-letter': p.last, capitals: p.capitals };

  // Held out first (no word is asked by two tasks, none occurs in the corpus), then the corpus draws around them.
  const wordTasks = Object.keys(ANSWERS);
  const heldWords = distinct(wordTasks.length * HELD_OUT, () => madeUpWord(r));
  const heldSums = distinct(HELD_OUT_SUMS, () => plusOne(r).join('+'));
  const excluded = new Set(heldWords);
  const freshWord = () => distinct(1, () => madeUpWord(r), excluded)[0];
  const heldSumSet = new Set(heldSums);
  const freshSum = () => distinct(1, () => plusOne(r).join('+'), heldSumSet)[0].split('+').map(Number);

  const taskLine = [
    ...wordTasks.map((task) => () => {
      const w = freshWord();
      return fill(templates[task], w) + ANSWERS[task](w) + p.stop;
    }),
    () => {
      const [a, b] = freshSum();
      return fill(p.sum, p.plus(a, b)) + (a + b) + p.stop;
    },
  ];
  const corpus = textOfBytes(CORPUS_BYTES, () => (r.chance(FILLER_SHARE) ? FILLER[language](r) : r.pick(taskLine)()));

  const tasks = taskFileText([
    ...wordTasks.map((task, i) => ({
      task,
      template: templates[task],
      items: heldWords.slice(i * HELD_OUT, (i + 1) * HELD_OUT).map((w) => ({ input: w, target: ANSWERS[task](w) + p.stop })),
    })),
    {
      task: 'sums',
      template: p.sum,
      items: heldSums.map((s) => s.split('+').map(Number)).map(([a, b]) => ({ input: p.plus(a, b), target: `${a + b}${p.stop}` })),
    },
  ]);
  return { corpus, tasks };
}
