// Lesson "zero-shot" (GPT-2: the task is part of the input). A pretraining corpus of short story-like sentences,
// one per line, among which four tasks occur naturally, always phrased the same way:
//   first letter   "The first letter of bimo is b."   /  "bimo的第一个字母是b。"
//   capitals       "In capitals, bimo is BIMO."        /  "bimo的大写是BIMO。"
//   sums           "23 plus 14 is 37."                 /  "23加14等于37。"
//   translation    "The Chinese for cat is 猫."        /  "猫用英文说是cat。"
// and the task file asks held-out instances with the same phrasing and no demonstration. Made-up words and
// two-digit sums without carries generalise to unseen instances (a character-wise mapping; a digit table). A
// translation cannot be worked out, so its held-out pairs are ones the corpus gives only in another phrasing
// ("In Chinese, cat is 猫." / "猫的英文是cat。"): the model has to carry a fact over to the task's phrasing.
// Held-out questions never occur in the corpus. Targets end with the sentence's full stop: the harness compares the
// greedy line, and in the corpus each task sentence ends its line. Tested by zero-shot.test.ts.
import { makeRng } from './rng.mjs';
import { EN_ANIMALS, EN_BOYS, EN_COLORS, EN_FEELINGS, EN_GIRLS, EN_PLACES, EN_TOYS, EN_TRAITS, EN_TREATS } from './story-words.mjs';
import { ZH_ANIMALS, ZH_BOYS, ZH_COLORS, ZH_FEELINGS, ZH_GIRLS, ZH_LIKES, ZH_PLACES, ZH_TOYS } from './story-words.mjs';
import { distinct, fill, taskFileText, textOfBytes } from './task-file.mjs';

/** Corpus size in UTF-8 bytes (about one and a half passes of a 600-step run at batch 16, context 64, for English). */
const CORPUS_BYTES = 250_000;
/** Held-out items per task (translation: TRANSLATION_HELD_OUT). */
const HELD_OUT = 60;
const TRANSLATION_HELD_OUT = 40;

/** English ↔ Chinese word pairs (one Chinese character each, so a pair is short). */
export const WORD_PAIRS = [
  ['cat', '猫'], ['dog', '狗'], ['fish', '鱼'], ['bird', '鸟'], ['cow', '牛'], ['horse', '马'], ['sheep', '羊'],
  ['pig', '猪'], ['duck', '鸭'], ['hen', '鸡'], ['bear', '熊'], ['tiger', '虎'], ['rabbit', '兔'], ['mouse', '鼠'],
  ['tree', '树'], ['flower', '花'], ['grass', '草'], ['leaf', '叶'], ['moon', '月'], ['star', '星'], ['sky', '天'],
  ['water', '水'], ['fire', '火'], ['hill', '山'], ['river', '河'], ['rain', '雨'], ['snow', '雪'], ['wind', '风'],
  ['cloud', '云'], ['stone', '石'], ['book', '书'], ['door', '门'], ['car', '车'], ['boat', '船'], ['cup', '杯'],
  ['hand', '手'], ['eye', '眼'], ['ear', '耳'], ['mouth', '口'], ['foot', '脚'], ['head', '头'], ['heart', '心'],
  ['tea', '茶'], ['rice', '米'], ['egg', '蛋'], ['milk', '奶'], ['home', '家'], ['bed', '床'], ['knife', '刀'],
  ['big', '大'], ['small', '小'], ['red', '红'], ['blue', '蓝'], ['white', '白'], ['black', '黑'], ['green', '绿'],
  ['one', '一'], ['two', '二'], ['three', '三'], ['four', '四'], ['five', '五'], ['six', '六'], ['seven', '七'],
  ['eight', '八'], ['nine', '九'], ['ten', '十'], ['field', '田'], ['fruit', '果'], ['sea', '海'], ['wood', '木'],
  ['gold', '金'], ['up', '上'], ['down', '下'], ['left', '左'], ['right', '右'], ['girl', '女'], ['bow', '弓'],
];

/** The phrasings: each task's template (also used to write its corpus sentences) and the translation fact's
 *  other phrasing, which alone carries the held-out pairs. */
const PHRASES = {
  en: {
    letter: 'The first letter of {input} is ',
    capitals: 'In capitals, {input} is ',
    sum: '{input} is ',
    plus: (a, b) => `${a} plus ${b}`,
    translate: 'The Chinese for {input} is ',
    fact: (en, zh) => `In Chinese, ${en} is ${zh}.`,
    stop: '.',
  },
  zh: {
    letter: '{input}的第一个字母是',
    capitals: '{input}的大写是',
    sum: '{input}等于',
    plus: (a, b) => `${a}加${b}`,
    translate: '{input}用英文说是',
    fact: (en, zh) => `${zh}的英文是${en}。`,
    stop: '。',
  },
};

const CONSONANTS = 'bcdfghjklmnprstvwz';
const VOWELS = 'aeiou';

/** A made-up lowercase word of 3 to 5 letters (consonant-vowel patterns: bim, beko, bekot). */
function madeUpWord(r) {
  const c = () => r.pick(CONSONANTS);
  const v = () => r.pick(VOWELS);
  return [() => c() + v() + c(), () => c() + v() + c() + v(), () => c() + v() + c() + v() + c()][r.int(3)]();
}

/** Two two-digit numbers whose digits add without a carry (tens 1–9, sum of tens ≤ 9, sum of units ≤ 9). */
function noCarryPair(r) {
  const t1 = 1 + r.int(8);
  const t2 = 1 + r.int(9 - t1);
  const u1 = r.int(10);
  const u2 = r.int(10 - u1);
  return [t1 * 10 + u1, t2 * 10 + u2];
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

/** The corpus and task file of one language: { corpus, tasks } (texts). */
export function zeroShotLesson(language, seed) {
  const p = PHRASES[language];
  if (!p) throw new Error(`zero-shot.mjs: no phrasing for language "${language}" (have: ${Object.keys(PHRASES).join(', ')})`);
  const r = makeRng(seed);
  const translateFrom = language === 'en' ? ([en]) => en : ([, zh]) => zh;
  const translateTo = language === 'en' ? ([, zh]) => zh : ([en]) => en;

  // Held out first, then the corpus draws around them.
  const heldWords = distinct(2 * HELD_OUT, () => madeUpWord(r));
  const letterWords = heldWords.slice(0, HELD_OUT);
  const capitalWords = heldWords.slice(HELD_OUT);
  const heldSums = distinct(HELD_OUT, () => noCarryPair(r).join('+'));
  const pairs = r.shuffle(WORD_PAIRS);
  const heldPairs = pairs.slice(0, TRANSLATION_HELD_OUT);
  const taughtPairs = pairs.slice(TRANSLATION_HELD_OUT);
  const excluded = new Set(heldWords);
  const freshWord = () => distinct(1, () => madeUpWord(r), excluded)[0];
  const heldSumSet = new Set(heldSums);
  const freshSum = () => distinct(1, () => noCarryPair(r).join('+'), heldSumSet)[0].split('+').map(Number);

  const taskLine = [
    () => {
      const w = freshWord();
      return fill(p.letter, w) + w[0] + p.stop;
    },
    () => {
      const w = freshWord();
      return fill(p.capitals, w) + w.toUpperCase() + p.stop;
    },
    () => {
      const [a, b] = freshSum();
      return fill(p.sum, p.plus(a, b)) + (a + b) + p.stop;
    },
    () => p.fact(...r.pick(WORD_PAIRS)),
    () => {
      const pair = r.pick(taughtPairs);
      return fill(p.translate, translateFrom(pair)) + translateTo(pair) + p.stop;
    },
  ];
  const corpus = textOfBytes(CORPUS_BYTES, () => (r.chance(0.5) ? FILLER[language](r) : r.pick(taskLine)()));

  const tasks = taskFileText([
    { task: 'first-letter', template: p.letter, items: letterWords.map((w) => ({ input: w, target: w[0] + p.stop })) },
    { task: 'capitals', template: p.capitals, items: capitalWords.map((w) => ({ input: w, target: w.toUpperCase() + p.stop })) },
    {
      task: 'sums',
      template: p.sum,
      items: heldSums.map((s) => s.split('+').map(Number)).map(([a, b]) => ({ input: p.plus(a, b), target: `${a + b}${p.stop}` })),
    },
    {
      task: 'translation',
      template: p.translate,
      items: heldPairs.map((pair) => ({ input: translateFrom(pair), target: translateTo(pair) + p.stop })),
    },
  ]);
  return { corpus, tasks };
}
