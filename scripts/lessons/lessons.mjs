// The lessons' bundled datasets, as make-datasets.mjs lists them in public/datasets/index.json: for each lesson and
// language its pretraining corpora (kind "text"), its evaluation task files (kind "tasks", with the corpus whose
// characters they use) and GPT-1's fine-tuning sets (kind "task-heads", on the tiny stories' characters).
// Files that come from one generation (a corpus and its held-out tasks) share it. Seeds are fixed here.
// Tested by make-datasets.test.ts (byte-identical regeneration, catalogue) and the lesson tests beside this file.
import { chainOfThoughtLesson } from './chain-of-thought.mjs';
import { inContextLesson } from './in-context.mjs';
import { RECORDS, taskHeadRecords } from './task-heads.mjs';
import { zeroShotLesson } from './zero-shot.mjs';

/** fn() computed once, on first use. */
function once(fn) {
  let value;
  return () => (value ??= fn());
}

const NAMES = { en: 'English', zh: 'Chinese' };

function zeroShot(language, seed) {
  const lesson = once(() => zeroShotLesson(language, seed));
  const corpus = `lesson-zero-shot-${language}`;
  return [
    {
      id: corpus,
      title: language === 'en' ? 'Tasks inside text (English)' : '藏在文字里的任务 (Chinese: tasks inside text)',
      kind: 'text',
      description:
        'Short story sentences with four tasks occurring naturally among them (first letter, last letter and capitals of made-up words, two-digit sums), for zero-shot prompting.',
      text: () => lesson().corpus,
    },
    {
      id: `lesson-zero-shot-tasks-${language}`,
      title: language === 'en' ? 'Zero-shot questions (English)' : '零样本问题 (Chinese zero-shot questions)',
      kind: 'tasks',
      corpus,
      description:
        'Held-out questions phrased as in the corpus (never in it): first letter, last letter and capitals of unseen made-up words, unseen sums.',
      text: () => lesson().tasks,
    },
  ];
}

function inContext(language, seed) {
  const lesson = once(() => inContextLesson(language, seed));
  const corpus = `lesson-in-context-${language}`;
  const chance = language === 'en' ? '1/26' : '1/16';
  return [
    {
      id: corpus,
      title: language === 'en' ? 'A new code in every block (English)' : '每段一个新暗号 (Chinese: a new code in every block)',
      kind: 'text',
      description: `Blocks of 12 lines "symbol>label", every symbol of a block mapped to one random label that only the block reveals: reading it from the context is in-context learning.`,
      text: () => lesson().corpus,
    },
    {
      id: `lesson-in-context-tasks-${language}`,
      title: language === 'en' ? 'Codes to read from examples (English)' : '从例子里读暗号 (Chinese: codes to read from examples)',
      kind: 'tasks',
      corpus,
      description: `40 fresh codes of 12 queries each (template "{input}>"); demonstrations come from the same code: with k = 0 the answer is a guess (chance ${chance}), with k >= 1 it can be read off.`,
      text: () => lesson().tasks,
    },
  ];
}

function chainOfThought(language, seed) {
  const lesson = once(() => chainOfThoughtLesson(language, seed));
  const [direct, steps] = [`lesson-cot-direct-${language}`, `lesson-cot-steps-${language}`];
  const zh = language === 'zh';
  const [problem, answer, worked] = zh ? ['天三', '天三=黄', '天三地二玄一黄'] : ['d3', 'd3=g', 'd3e2f1g'];
  const order = zh ? 'the first 26 characters of the Thousand Character Classic (天地玄黄…) with Chinese numerals' : 'the alphabet';
  return [
    {
      id: direct,
      title: zh ? '往后数:只写答案 (Chinese: counting on, answers only)' : 'Counting on, answers only (English)',
      kind: 'text',
      description: `Counting on in ${order}, cyclic: "${problem}" asks for the symbol 3 places on; the answer right away ("${answer}"). The same problems as the worked corpus.`,
      text: () => lesson().direct,
    },
    {
      id: steps,
      title: zh ? '往后数:一步一步数 (Chinese: counting on, step by step)' : 'Counting on, step by step (English)',
      kind: 'text',
      description: `The same problems worked one place at a time, each symbol passed with the count still to go ("${worked}"); the answer is the last character.`,
      text: () => lesson().steps,
    },
    {
      id: `lesson-cot-direct-tasks-${language}`,
      title: zh ? '往后数的题:只写答案 (Chinese: counting-on questions, answer only)' : 'Counting-on questions, answer only (English)',
      kind: 'tasks',
      corpus: direct,
      description: 'Held-out problems (in neither corpus, nor inside a worked line) by count, 2 to 9 steps; the target is the answer.',
      text: () => lesson().directTasks,
    },
    {
      id: `lesson-cot-steps-tasks-${language}`,
      title: zh ? '往后数的题:一步一步数 (Chinese: counting-on questions, worked)' : 'Counting-on questions, worked (English)',
      kind: 'tasks',
      corpus: steps,
      description: 'The same held-out problems; the target is the whole worked line, its answer the last character.',
      text: () => lesson().stepsTasks,
    },
  ];
}

const HEADS = {
  classification: ['Happy or sad?', '开心还是难过?', 'a story sentence, happy or sad (chance 50%)'],
  entailment: ['Does it follow?', '能推出来吗?', 'a premise and a hypothesis that follows from it or contradicts it (chance 50%)'],
  similarity: ['Same meaning?', '意思一样吗?', 'two sentences that say the same thing or not (chance 50%)'],
  'multiple-choice': ['Pick the answer', '选出答案', 'a one-sentence story with a question and four answers, one right (chance 25%)'],
};

function taskHeads(language, seed) {
  const corpus = language === 'en' ? 'tinystories-en' : 'stories-zh';
  return Object.entries(HEADS).map(([kind, [en, zh, what]], i) => ({
    id: `lesson-gpt1-${kind}-${language}`,
    title: language === 'en' ? `${en} (English)` : `${zh} (Chinese: ${en.toLowerCase()})`,
    kind: 'task-heads',
    corpus,
    description: `GPT-1 ${kind} fine-tuning data, ${RECORDS[kind]} balanced records: ${what}; in the ${NAMES[language]} stories' words.`,
    text: () => taskHeadRecords(kind, language, seed + i),
  }));
}

const LESSONS = [
  ['zero-shot', zeroShot, 101],
  ['in-context', inContext, 111],
  ['chain-of-thought', chainOfThought, 121],
  ['gpt1-heads', taskHeads, 131],
];

/** Every lesson dataset: {id, file, title, language, kind, corpus?, lesson, description, text()}. */
export const LESSON_DATASETS = ['en', 'zh'].flatMap((language, i) =>
  LESSONS.flatMap(([lesson, datasets, seed]) =>
    datasets(language, seed + 5 * i).map((d) => ({ ...d, file: `${d.id}.${d.kind === 'text' ? 'txt' : 'jsonl'}`, language, lesson })),
  ),
);
