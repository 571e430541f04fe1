// Lesson "in-context learning" (GPT-3: the prompt's examples define the task). Every block of the pretraining
// corpus invents its own secret code, which only the block itself reveals: every symbol of the block maps to one
// label, drawn afresh for each block:
//   en: digits and lowercase letters → a random capital letter     7>Q  b>Q  3>Q ...
//   zh: animals and things to eat    → a random place word         猫>东  米>东  狗>东 ...
// one example per line (4 tokens with the newline), 12 lines a block, blocks separated by a blank line. A model that
// learns to look back at what earlier examples were mapped to (an induction head: attend to what followed an
// earlier ">") answers a new symbol; without examples it can only guess (1 in 26 for en, 1 in 16 for zh). A small
// model learns this copy within a few hundred steps; a rule that needs the model to also tell kinds of symbols
// apart (digits to one label, letters to another) took far longer than a lesson's budget on a 2-layer model.
// The task file has one task per code ("code-01", ...), template "{input}>", items whose inputs are all different:
// the harness draws the k demonstrations from the same code's other items, so the query symbol itself is never
// shown, only others — exactly the corpus's situation for a new symbol.
// Tested by in-context.test.ts.
import { makeRng } from './rng.mjs';
import { taskFileText, textOfBytes } from './task-file.mjs';

/** The template of every task: one example per line, "input>label". */
export const ICL_TEMPLATE = '{input}>';
const CORPUS_BYTES = 200_000;
const LINES_PER_BLOCK = 12;
const CODES = 40;
const ITEMS_PER_CODE = 12;

/** The input symbols and the label alphabet, per language. */
export const ICL_SYMBOLS = {
  en: {
    symbols: Array.from('0123456789abcdefghijklmnopqrstuvwxyz'),
    labels: Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  },
  zh: {
    symbols: Array.from('猫狗牛羊马鸡鸭鱼鸟兔猪熊米茶糖饭面蛋奶瓜桃梨豆饼'),
    labels: Array.from('东南西北上下左右前后里外大小多少'),
  },
};

/** The corpus and task file of one language: { corpus, tasks } (texts). */
export function inContextLesson(language, seed) {
  const s = ICL_SYMBOLS[language];
  if (!s) throw new Error(`in-context.mjs: no symbols for language "${language}" (have: ${Object.keys(ICL_SYMBOLS).join(', ')})`);
  const r = makeRng(seed);
  const block = () => {
    const label = r.pick(s.labels);
    const lines = [];
    for (let i = 0; i < LINES_PER_BLOCK; i++) lines.push(`${r.pick(s.symbols)}>${label}`);
    return lines.join('\n') + '\n';
  };
  const corpus = textOfBytes(CORPUS_BYTES, block);

  const tasks = [];
  for (let c = 1; c <= CODES; c++) {
    const label = r.pick(s.labels);
    const items = r.shuffle(s.symbols).slice(0, ITEMS_PER_CODE).map((input) => ({ input, target: label }));
    tasks.push({ task: `code-${String(c).padStart(2, '0')}`, template: ICL_TEMPLATE, items });
  }
  return { corpus, tasks: taskFileText(tasks) };
}
