// Lesson "chain of thought": the same additions of two- and three-digit numbers written two ways, one corpus each,
//   direct   347+285=632
//   steps    347+285: 7+5=12>2, 4+8+1=13>32, 3+2+1=6>632, =632                    (en)
//            347+285:个位7+5=12>2,十位4+8+1=13>32,百位3+2+1=6>632,=632             (zh)
// The worked line adds one column at a time from the right, carrying 1 when a column reaches 10 ("+1" in the next
// column), and after ">" writes the answer so far (this column's last digit before the previous answer so far;
// the last column writes its whole sum), so every step needs only nearby tokens. The final answer is the text
// after the last "=" in both notations. Task files ask held-out problems (never in either corpus, in either
// order) by difficulty — digits and number of carries — with the final answer as the direct target and the whole
// worked line (everything after the template) as the steps target. Tested by chain-of-thought.test.ts.
import { makeRng } from './rng.mjs';
import { taskFileText } from './task-file.mjs';

/** Problems in each corpus (the same problems in the same order in both). */
const PROBLEMS = 6000;
/** Share of corpus problems with two-digit operands (the others have three). */
const TWO_DIGIT_SHARE = 0.4;
const ITEMS_PER_TASK = 40;

export const COT_TEMPLATES = {
  direct: '{input}=',
  steps: { en: '{input}: ', zh: '{input}:' },
};
const PLACES_ZH = ['个位', '十位', '百位'];

/** Digits of n, least significant first. */
const digitsOf = (n, width) => Array.from({ length: width }, (_, i) => Math.floor(n / 10 ** i) % 10);

/** Number of columns whose sum (with the carry in) reaches 10. */
export function carries(a, b, width) {
  const da = digitsOf(a, width);
  const db = digitsOf(b, width);
  let carry = 0;
  let count = 0;
  for (let i = 0; i < width; i++) {
    carry = da[i] + db[i] + carry >= 10 ? 1 : 0;
    count += carry;
  }
  return count;
}

/** The worked line after the template (steps notation), for operands of `width` digits. */
export function workedSteps(a, b, width, language) {
  const da = digitsOf(a, width);
  const db = digitsOf(b, width);
  const steps = [];
  let carry = 0;
  let soFar = '';
  for (let i = 0; i < width; i++) {
    const sum = da[i] + db[i] + carry;
    soFar = (i === width - 1 ? String(sum) : String(sum % 10)) + soFar;
    const step = `${da[i]}+${db[i]}${carry ? '+1' : ''}=${sum}>${soFar}`;
    steps.push(language === 'zh' ? PLACES_ZH[i] + step : step);
    carry = sum >= 10 ? 1 : 0;
  }
  return language === 'zh' ? `${steps.join(',')},=${a + b}` : `${steps.join(', ')}, =${a + b}`;
}

/** The final answer of a worked line: the text after its last "=". */
export const finalAnswer = (line) => line.slice(line.lastIndexOf('=') + 1).trim();

const operand = (r, width) => 10 ** (width - 1) + r.int(9 * 10 ** (width - 1));
const key = (a, b) => `${a}+${b}`;

/** The corpora and task files of one language: { direct, steps, directTasks, stepsTasks } (texts). */
export function chainOfThoughtLesson(language, seed) {
  if (!COT_TEMPLATES.steps[language]) throw new Error(`chain-of-thought.mjs: no notation for language "${language}" (have: en, zh)`);
  const r = makeRng(seed);
  const stepsTemplate = COT_TEMPLATES.steps[language];

  // Held out first: ITEMS_PER_TASK problems for every (digits, carries) class.
  const held = new Set();
  const tasks = [];
  for (const width of [2, 3]) {
    for (let c = 0; c <= width; c++) {
      const items = [];
      while (items.length < ITEMS_PER_TASK) {
        const a = operand(r, width);
        const b = operand(r, width);
        if (carries(a, b, width) !== c || held.has(key(a, b))) continue;
        held.add(key(a, b));
        held.add(key(b, a));
        items.push({ a, b, width });
      }
      tasks.push({ name: `${width}-digit-${c}-carr${c === 1 ? 'y' : 'ies'}`, items });
    }
  }

  const problems = [];
  while (problems.length < PROBLEMS) {
    const width = r.chance(TWO_DIGIT_SHARE) ? 2 : 3;
    const a = operand(r, width);
    const b = operand(r, width);
    if (!held.has(key(a, b))) problems.push({ a, b, width });
  }
  const direct = problems.map(({ a, b }) => `${a}+${b}=${a + b}\n`).join('');
  const steps = problems.map(({ a, b, width }) => stepsTemplate.replace('{input}', key(a, b)) + workedSteps(a, b, width, language) + '\n').join('');

  const taskFile = (template, target) =>
    taskFileText(tasks.map(({ name, items }) => ({ task: name, template, items: items.map((p) => ({ input: key(p.a, p.b), target: target(p) })) })));
  return {
    direct,
    steps,
    directTasks: taskFile(COT_TEMPLATES.direct, ({ a, b }) => String(a + b)),
    stepsTasks: taskFile(stepsTemplate, ({ a, b, width }) => workedSteps(a, b, width, language)),
  };
}
