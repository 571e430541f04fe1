// Lesson "GPT-1 task heads": small fine-tuning sets of the four kinds of GPT-1's Figure 1, in the words of the
// tiny stories (only characters of tinystories-en / stories-zh, so a model pretrained on them can be fine-tuned):
//   classification  {"text","label"}                 is a story sentence happy or sad?
//   entailment      {"premise","hypothesis","label"} does the hypothesis follow from the premise, or contradict it?
//   similarity      {"text_a","text_b","label"}      do two sentences say the same thing (a paraphrase), or not?
//   multiple choice {"context","choices","label"}    which of four answers fits a one-sentence story's question?
// Every label follows from the words of the record (a keyword, a changed place or colour, swapped roles), labels
// are exactly balanced (chance: 1/2 for the first three, 1/4 for multiple choice), records are distinct and each
// fits MAX_TOKENS with GPT-1's three special tokens (start, delimiter, extract). Tested by task-heads.test.ts.
import { makeRng } from './rng.mjs';
import {
  EN_ANIMALS, EN_BOYS, EN_COLORS, EN_FAMILY, EN_GIRLS, EN_HOMES, EN_LIKES, EN_PLACES, EN_TOYS, EN_TRAITS, EN_TREATS,
  ZH_ANIMALS, ZH_BOYS, ZH_COLORS, ZH_FAMILY, ZH_GIRLS, ZH_LIKES, ZH_PLACES, ZH_TOYS, ZH_TREATS,
} from './story-words.mjs';
import { jsonlText } from './task-file.mjs';

/** A record plus GPT-1's 3 special tokens fits this many tokens (one per character). */
export const MAX_TOKENS = 64;
export const RECORDS = { classification: 1000, entailment: 1000, similarity: 1000, 'multiple-choice': 800 };

/** Class labels per kind and language (multiple choice: the index of the right choice). */
export const LABELS = {
  classification: { en: ['happy', 'sad'], zh: ['开心', '难过'] },
  entailment: { en: ['entailment', 'contradiction'], zh: ['蕴含', '矛盾'] },
  similarity: { en: ['same', 'different'], zh: ['相同', '不同'] },
  'multiple-choice': { en: [0, 1, 2, 3], zh: [0, 1, 2, 3] },
};

const len = (s) => Array.from(s).length;

/** Tokens of the longest sequence the record becomes (GPT-1 transforms: start, fields, delimiter, extract). */
export function recordTokens(record) {
  if ('text' in record) return len(record.text) + 3;
  if ('premise' in record) return len(record.premise) + len(record.hypothesis) + 3;
  if ('text_a' in record) return len(record.text_a) + len(record.text_b) + 3;
  return len(record.context) + Math.max(...record.choices.map(len)) + 3;
}

// ---------------------------------------------------------------- people of the stories

const enPerson = (r, not) => {
  const girl = r.chance(0.5);
  const name = r.other(girl ? EN_GIRLS : EN_BOYS, not);
  return { name, he: girl ? 'she' : 'he', He: girl ? 'She' : 'He', his: girl ? 'her' : 'his' };
};
const zhPerson = (r, not) => {
  const girl = r.chance(0.5);
  return { name: r.other(girl ? ZH_GIRLS : ZH_BOYS, not), he: girl ? '她' : '他' };
};
/** `n` different values of `xs`, the first one `first` if given. */
const several = (r, xs, n, first) => [...(first === undefined ? [] : [first]), ...r.shuffle(xs.filter((x) => x !== first))].slice(0, n);

// ---------------------------------------------------------------- the four kinds (label index → record)

const MAKERS = {
  classification: {
    en: (r, label) => {
      const p = enPerson(r);
      const q = enPerson(r, p.name);
      const toy = r.pick(EN_TOYS);
      const happy = [
        () => `${p.name} was so happy.`,
        () => `${p.name} felt proud and smiled.`,
        () => `${p.name} smiled and played with ${p.his} ${toy}.`,
        () => `${p.name} and ${q.name} laughed and played all day.`,
        () => `${p.name} got a ${r.pick(EN_COLORS)} ${toy}. "Thank you!" ${p.he} said.`,
        () => `${p.name} had a fun day at the ${r.pick(EN_PLACES)}.`,
        () => `${p.name} loved to ${r.pick(EN_LIKES).replace('{his}', p.his)}.`,
        () => `${q.name} gave ${p.name} some ${r.pick(EN_TREATS)}. ${p.He} was glad.`,
      ];
      const sad = [
        () => `${p.name} felt sad.`,
        () => `${p.name} cried and cried.`,
        () => `The ${toy} broke and ${p.name} cried.`,
        () => `${p.name} lost ${p.his} ${toy} at the ${r.pick(EN_PLACES)}.`,
        () => `${p.name} was scared and alone.`,
        () => `${p.name} fell down and hurt ${p.his} leg.`,
        () => `${q.name} took the ${toy} and ${p.name} was sad.`,
        () => `${p.name} missed ${p.his} ${r.pick(EN_FAMILY)} and cried.`,
      ];
      return { text: r.pick(label === 0 ? happy : sad)() };
    },
    zh: (r, label) => {
      const p = zhPerson(r);
      const q = zhPerson(r, p.name);
      const toy = r.pick(ZH_TOYS);
      const happy = [
        () => `${p.name}很开心。`,
        () => `${p.name}笑了,${p.he}很高兴。`,
        () => `${p.name}和${q.name}一起玩,非常快乐。`,
        () => `${p.name}有了一个新${toy},非常高兴。`,
        () => `${p.name}在${r.pick(ZH_PLACES)}玩了一天,很开心。`,
        () => `${q.name}给了${p.name}一个${r.pick(ZH_TREATS)},${p.name}笑了。`,
        () => `${p.name}最喜欢${r.pick(ZH_LIKES)},${p.he}很快乐。`,
      ];
      const sad = [
        () => `${p.name}很难过。`,
        () => `${p.name}哭了,${p.he}很不开心。`,
        () => `${p.name}的${toy}坏了,${p.he}很难过。`,
        () => `${p.name}的${toy}掉进了河里,${p.he}哭了。`,
        () => `${p.name}一个人在${r.pick(ZH_PLACES)},有点害怕。`,
        () => `${q.name}拿走了${p.name}的${toy},${p.name}哭了。`,
        () => `${p.name}找不到${r.pick(ZH_FAMILY)}了,很难过。`,
      ];
      return { text: r.pick(label === 0 ? happy : sad)() };
    },
  },
  entailment: {
    en: (r, label) => {
      const p = enPerson(r);
      const [place, place2] = several(r, EN_PLACES, 2);
      const [fam, fam2] = several(r, EN_FAMILY, 2);
      const [color, color2] = several(r, EN_COLORS.filter((c) => c !== 'big' && c !== 'little'), 2);
      const toy = r.pick(EN_TOYS);
      const [animal, animal2] = several(r, EN_ANIMALS, 2);
      const trait = r.pick(EN_TRAITS);
      const [home, home2] = several(r, EN_HOMES, 2);
      const pairs = [
        () => [`${p.name} went to the ${place} with ${p.his} ${fam}.`, `${p.name} went to the ${place}.`, `${p.name} went to the ${place2}.`],
        () => [`${p.name} went to the ${place} with ${p.his} ${fam}.`, `${p.He} was with ${p.his} ${fam}.`, `${p.He} was with ${p.his} ${fam2}.`],
        () => [`${p.name} has a ${color} ${toy}.`, `The ${toy} is ${color}.`, `The ${toy} is ${color2}.`],
        () => [`${p.name} is a ${trait} ${animal}.`, `${p.name} is a ${animal}.`, `${p.name} is a ${animal2}.`],
        () => [`${p.name} lives ${home}.`, `${p.He} lives ${home}.`, `${p.He} lives ${home2}.`],
      ];
      const [premise, yes, no] = r.pick(pairs)();
      return { premise, hypothesis: label === 0 ? yes : no };
    },
    zh: (r, label) => {
      const p = zhPerson(r);
      const [place, place2] = several(r, ZH_PLACES, 2);
      const [fam, fam2] = several(r, ZH_FAMILY, 2);
      const [color, color2] = several(r, ZH_COLORS.filter((c) => c !== '新'), 2);
      const toy = r.pick(ZH_TOYS);
      const [animal, animal2] = several(r, ZH_ANIMALS, 2);
      const pairs = [
        () => [`${p.name}和${fam}去了${place}。`, `${p.name}去了${place}。`, `${p.name}去了${place2}。`],
        () => [`${p.name}和${fam}去了${place}。`, `${p.he}和${fam}在一起。`, `${p.he}和${fam2}在一起。`],
        () => [`${p.name}有一个${color}${toy}。`, `${p.name}的${toy}是${color}。`, `${p.name}的${toy}是${color2}。`],
        () => [`${p.name}看见了${animal}和${animal2}。`, `${p.name}看见了${animal}。`, `${p.name}没有看见${animal}。`],
        () => [`${p.name}住在${place}边上。`, `${p.he}住在${place}边上。`, `${p.he}住在${place2}边上。`],
      ];
      const [premise, yes, no] = r.pick(pairs)();
      return { premise, hypothesis: label === 0 ? yes : no };
    },
  },
  similarity: {
    en: (r, label) => {
      const p = enPerson(r);
      const q = enPerson(r, p.name);
      const [toy, toy2] = several(r, EN_TOYS, 2);
      const [treat, treat2] = several(r, EN_TREATS, 2);
      const [place, place2] = several(r, EN_PLACES, 2);
      const pairs = [
        () => [`${p.name} gave ${q.name} a ${toy}.`, `${q.name} got a ${toy} from ${p.name}.`, r.pick([`${p.name} got a ${toy} from ${q.name}.`, `${q.name} got a ${toy2} from ${p.name}.`])],
        () => [`${p.name} helped ${q.name}.`, `${q.name} got help from ${p.name}.`, `${p.name} got help from ${q.name}.`],
        () => [`${p.name} is older than ${q.name}.`, `${q.name} is younger than ${p.name}.`, r.pick([`${p.name} is younger than ${q.name}.`, `${q.name} is older than ${p.name}.`])],
        () => [`${p.name} loves ${treat}.`, `${p.name} likes ${treat} a lot.`, r.pick([`${p.name} does not like ${treat}.`, `${p.name} likes ${treat2} a lot.`])],
        () => [`${p.name} and ${q.name} went to the ${place}.`, `${q.name} went to the ${place} with ${p.name}.`, `${q.name} went to the ${place2} with ${p.name}.`],
      ];
      const [a, same, other] = r.pick(pairs)();
      const b = label === 0 ? same : other;
      return r.chance(0.5) ? { text_a: a, text_b: b } : { text_a: b, text_b: a };
    },
    zh: (r, label) => {
      const p = zhPerson(r);
      const q = zhPerson(r, p.name);
      const [treat, treat2] = several(r, ZH_TREATS, 2);
      const [like, like2] = several(r, ZH_LIKES, 2);
      const [place, place2] = several(r, ZH_PLACES, 2);
      const pairs = [
        () => [`${p.name}给了${q.name}一个${treat}。`, `${q.name}从${p.name}那里拿到了一个${treat}。`, r.pick([`${p.name}从${q.name}那里拿到了一个${treat}。`, `${q.name}从${p.name}那里拿到了一个${treat2}。`])],
        () => [`${p.name}帮了${q.name}。`, `${q.name}得到了${p.name}的帮助。`, `${p.name}得到了${q.name}的帮助。`],
        () => [`${p.name}最喜欢${like}。`, `${p.name}最爱${like}。`, r.pick([`${p.name}不喜欢${like}。`, `${p.name}最爱${like2}。`])],
        () => [`${p.name}和${q.name}去了${place}。`, `${q.name}和${p.name}一起去了${place}。`, `${q.name}和${p.name}一起去了${place2}。`],
      ];
      const [a, same, other] = r.pick(pairs)();
      const b = label === 0 ? same : other;
      return r.chance(0.5) ? { text_a: a, text_b: b } : { text_a: b, text_b: a };
    },
  },
  'multiple-choice': {
    en: (r, label) => {
      const p = enPerson(r);
      const q = enPerson(r, p.name);
      const questions = [
        () => {
          const places = several(r, EN_PLACES.filter((x) => x !== 'playground'), 4);
          return [`${p.name} went to the ${places[0]}. Where did ${p.he} go?`, places.map((x) => `the ${x}`)];
        },
        () => {
          const toys = several(r, EN_TOYS, 4);
          return [`${p.name} has a ${r.pick(EN_COLORS)} ${toys[0]}. What does ${p.name} have?`, toys.map((x) => `a ${x}`)];
        },
        () => {
          const names = several(r, [...EN_GIRLS, ...EN_BOYS].filter((x) => x !== p.name), 4, q.name);
          return [`${q.name} helped ${p.name} find ${p.his} ${r.pick(EN_TOYS)}. Who helped ${p.name}?`, names];
        },
        () => [`${p.name} lost ${p.his} ${r.pick(EN_TOYS)}. How did ${p.name} feel?`, ['sad', ...several(r, ['happy', 'proud', 'excited', 'glad'], 3)]],
        () => [`${p.name} found ${p.his} ${r.pick(EN_TOYS)}. How did ${p.name} feel?`, ['happy', ...several(r, ['sad', 'scared', 'angry', 'upset'], 3)]],
      ];
      const [context, [right, ...wrong]] = r.pick(questions)();
      const choices = r.shuffle(wrong);
      choices.splice(label, 0, right);
      return { context, choices, label };
    },
    zh: (r, label) => {
      const p = zhPerson(r);
      const q = zhPerson(r, p.name);
      const questions = [
        () => {
          const places = several(r, ZH_PLACES, 4);
          return [`${p.name}和${r.pick(ZH_FAMILY)}去${places[0]}玩。他们去了`, places.map((x) => `${x}。`)];
        },
        () => {
          const toys = several(r, ZH_TOYS, 4);
          return [`${p.name}有一个${r.pick(ZH_COLORS)}${toys[0]}。${p.name}有什么?`, toys.map((x) => `${x}。`)];
        },
        () => {
          const likes = several(r, ZH_LIKES, 4);
          return [`${p.name}最喜欢${likes[0]}。${p.name}最喜欢做什么?`, likes.map((x) => `${x}。`)];
        },
        () => {
          const names = several(r, [...ZH_GIRLS, ...ZH_BOYS].filter((x) => x !== p.name), 4, q.name);
          return [`${q.name}帮${p.name}找到了${r.pick(ZH_TOYS)}。${p.name}要谢谢`, names.map((x) => `${x}。`)];
        },
        () => [`${p.name}的${r.pick(ZH_TOYS)}坏了。${p.he}很`, ['难过。', ...several(r, ['开心。', '高兴。', '快乐。'], 3)]],
      ];
      const [context, [right, ...wrong]] = r.pick(questions)();
      const choices = r.shuffle(wrong);
      choices.splice(label, 0, right);
      return { context, choices, label };
    },
  },
};

/** `kind` records of `language`: distinct, labels in turn (so exactly balanced), each within MAX_TOKENS. */
export function taskHeadRecords(kind, language, seed) {
  const make = MAKERS[kind]?.[language];
  if (!make) throw new Error(`task-heads.mjs: no generator for kind "${kind}" in language "${language}" (kinds: ${Object.keys(MAKERS).join(', ')}; languages: en, zh)`);
  const labels = LABELS[kind][language];
  const r = makeRng(seed);
  const seen = new Set();
  const records = [];
  for (let tries = 0; records.length < RECORDS[kind]; tries++) {
    if (tries > 100 * RECORDS[kind]) throw new Error(`task-heads.mjs: only ${records.length} distinct ${kind} records of ${RECORDS[kind]} (${language})`);
    const labelIndex = records.length % labels.length;
    const record = make(r, labelIndex);
    if (kind !== 'multiple-choice') record.label = labels[labelIndex];
    const line = JSON.stringify(record);
    if (recordTokens(record) > MAX_TOKENS || seen.has(line)) continue;
    seen.add(line);
    records.push(record);
  }
  return jsonlText(records);
}
