// Lesson "in-context learning" (GPT-3: the prompt's examples define the task). Every block of the pretraining
// corpus invents its own rule, which only the block itself reveals: the symbols of one kind all map to one label,
// the symbols of the other kind to another, and the labels are drawn afresh for each block:
//   en: digits vs lowercase letters → two random capital letters     7>Q  b>M  3>Q  x>M ...
//   zh: animals vs things to eat   → two random place words          猫>东  米>下  狗>东 ...
// one example per line (4 tokens with the newline), 12 lines a block, blocks separated by a blank line. A model
// that learns the kinds of symbols and to look up the label its kind got earlier in the context answers a new
// symbol correctly; without examples it can only guess (1 in 26 for en, 1 in 16 for zh).
// The task file has one task per mapping ("map-01", ...), template "{input}>", items whose inputs are all
// different: the harness draws the k demonstrations from the same mapping's other items, so the query symbol
// itself is never shown, only others of its kind — exactly the corpus's situation for a new symbol.
// Tested by in-context.test.ts.
import { makeRng } from './rng.mjs';
import { taskFileText, textOfBytes } from './task-file.mjs';

/** The template of every task: one example per line, "input>label". */
export const ICL_TEMPLATE = '{input}>';
const CORPUS_BYTES = 200_000;
const LINES_PER_BLOCK = 12;
const MAPPINGS = 40;
const ITEMS_PER_KIND = 6;

/** The two kinds of input symbol and the label alphabet, per language. */
export const ICL_SYMBOLS = {
  en: {
    kinds: [Array.from('0123456789'), Array.from('abcdefghijklmnopqrstuvwxyz')],
    labels: Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  },
  zh: {
    kinds: [Array.from('猫狗牛羊马鸡鸭鱼鸟兔猪熊'), Array.from('米茶糖饭面蛋奶瓜桃梨豆饼')],
    labels: Array.from('东南西北上下左右前后里外大小多少'),
  },
};

/** A fresh rule: one label per kind, different from each other. */
function mapping(r, labels) {
  const [a, b] = r.shuffle(labels);
  return [a, b];
}

/** The corpus and task file of one language: { corpus, tasks } (texts). */
export function inContextLesson(language, seed) {
  const s = ICL_SYMBOLS[language];
  if (!s) throw new Error(`in-context.mjs: no symbols for language "${language}" (have: ${Object.keys(ICL_SYMBOLS).join(', ')})`);
  const r = makeRng(seed);
  const block = () => {
    const labels = mapping(r, s.labels);
    const lines = [];
    for (let i = 0; i < LINES_PER_BLOCK; i++) {
      const kind = r.int(2);
      lines.push(`${r.pick(s.kinds[kind])}>${labels[kind]}`);
    }
    return lines.join('\n') + '\n';
  };
  const corpus = textOfBytes(CORPUS_BYTES, block);

  const tasks = [];
  for (let m = 1; m <= MAPPINGS; m++) {
    const labels = mapping(r, s.labels);
    const items = s.kinds.flatMap((symbols, kind) =>
      r.shuffle(symbols).slice(0, ITEMS_PER_KIND).map((input) => ({ input, target: labels[kind] })),
    );
    tasks.push({ task: `map-${String(m).padStart(2, '0')}`, template: ICL_TEMPLATE, items: r.shuffle(items) });
  }
  return { corpus, tasks: taskFileText(tasks) };
}
