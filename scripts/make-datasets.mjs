// Generates the bundled datasets in public/datasets/: simple English and Chinese children's stories from small
// grammars (a tiny char-level model learns their recurring structure quickly); for the later stages, short
// instructions about the stories' world with a good answer (SFT, JSON Lines {"prompt","completion"}) and prompts
// alone (answered by the model, then ranked by a labeler for the reward model); plus index.json describing them.
// The lessons' datasets come from scripts/lessons/ (lessons.mjs lists them). Deterministic: seeded PRNGs
// (lessons/rng.mjs), so every run writes byte-identical files (checked by make-datasets.test.ts).
// Usage: node scripts/make-datasets.mjs [outDir]   (default: public/datasets)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LESSON_DATASETS } from './lessons/lessons.mjs';
import { makeRng } from './lessons/rng.mjs';
import {
  EN_GIRLS, EN_BOYS, EN_ANIMALS, EN_TRAITS, EN_HOMES, EN_PLACES, EN_LIKES, EN_FAMILY,
  EN_WEATHER, EN_COLORS, EN_TOYS, EN_FOUND, EN_TREATS, EN_FEARS, EN_NUMBERS, EN_FEELINGS,
  ZH_GIRLS, ZH_BOYS, ZH_ANIMALS, ZH_TRAITS, ZH_HOMES, ZH_PLACES, ZH_LIKES, ZH_FAMILY,
  ZH_WEATHER, ZH_COLORS, ZH_TOYS, ZH_FOUND, ZH_TREATS, ZH_FEARS, ZH_NUMBERS, ZH_FEELINGS,
} from './lessons/story-words.mjs';

/** Each file is generated until it reaches this many UTF-8 bytes. */
const TARGET_BYTES = 400_000;

const cap = (s) => s[0].toUpperCase() + s.slice(1);

// ---------------------------------------------------------------- English

/** A character: name, kind (girl, boy or an animal), how to introduce it (`who`) and pronouns. */
function enCharacter(r, notName) {
  const girl = r.chance(0.5);
  const name = r.other(girl ? EN_GIRLS : EN_BOYS, notName);
  const kind = r.chance(0.6) ? (girl ? 'girl' : 'boy') : r.pick(EN_ANIMALS);
  const who = kind === 'girl' || kind === 'boy' ? name : `${name} the ${kind}`;
  return { name, kind, who, he: girl ? 'she' : 'he', his: girl ? 'her' : 'his' };
}

/** The middle of a story: a small problem, how it was solved, and what the hero learned. */
const EN_PLOTS = [
  (r, h, f) => {
    const toy = `${r.pick(EN_COLORS)} ${r.pick(EN_TOYS)}`;
    const loss = r.pick([
      `the wind blew the ${toy} up into a tall tree`, `the ${toy} rolled into the river`,
      `the ${toy} fell into a deep hole`, `the ${toy} went over the fence`,
    ]);
    return {
      lines: [
        `${h.name} had a ${toy}. ${cap(h.he)} played with it all day. But then ${loss}.`,
        `${h.name} felt sad. "Oh no! My ${toy}!" ${h.he} cried.`,
        `${f.who} saw ${h.name} and said, "Do not be sad. I will help you."`,
        `${f.name} ${r.pick(['found a long stick', 'got a big ladder', 'asked a tall friend', 'had a good idea'])}. ` +
          `Together they got the ${toy} back. ${h.name} was so happy. "Thank you, ${f.name}!" ${h.he} said.`,
      ],
      moral: 'friends help each other',
    };
  },
  (r, h, f) => {
    const thing = r.pick(EN_FOUND);
    return {
      lines: [
        `${h.name} saw ${thing} under a tree. "What is this?" ${h.he} asked.`,
        `${cap(h.he)} showed it to ${f.who}. ${f.name} looked at it and said, "It is so pretty! Let us keep it safe."`,
        `They put ${thing} in a box and looked at it every day. ${h.name} felt ${r.pick(['happy', 'proud', 'excited'])}.`,
      ],
      moral: 'small things can be special',
    };
  },
  (r, h, f) => {
    const fear = r.pick(EN_FEARS);
    return {
      lines: [
        `${h.name} wanted to ${fear}. But ${h.he} was scared. "I can not do it," ${h.he} said.`,
        `${f.who} said, "You can do it! Be brave. I am here with you."`,
        `${h.name} took a deep breath and tried. ${cap(h.he)} did it! ${cap(h.he)} felt very proud.`,
      ],
      moral: 'being brave is good',
    };
  },
  (r, h, f) => {
    const treat = r.pick(EN_TREATS);
    return {
      lines: [
        `${h.name} had ${r.pick(EN_NUMBERS)} ${treat}. ${f.who} did not have any. ${f.name} looked sad.`,
        `${h.name} thought for a moment. Then ${h.he} gave ${f.name} some of ${h.his} ${treat}. "Here, this is for you," ${h.he} said.`,
        `${f.name} smiled. "Thank you! You are a good friend." Now they were both happy.`,
      ],
      moral: 'sharing makes everyone happy',
    };
  },
  (r, h, f) => {
    const toy = `${r.pick(EN_COLORS)} ${r.pick(EN_TOYS)}`;
    return {
      lines: [
        `${h.name} and ${f.who} played with a ${toy}. They both wanted it. They pulled and pulled.`,
        `Then the ${toy} broke! ${h.name} was sad and ${f.name} was sad too.`,
        `"I am sorry," said ${h.name}. "I am sorry too," said ${f.name}. They fixed the ${toy} together and took turns.`,
      ],
      moral: 'it is better to play together',
    };
  },
];

function enStory(r) {
  const h = enCharacter(r);
  const f = enCharacter(r, h.name);
  const trait = r.pick(EN_TRAITS);
  const opening = r.pick([
    `Once upon a time, there was a ${trait} ${h.kind} named ${h.name}.`,
    `There was once a ${trait} ${h.kind} called ${h.name}.`,
    `This is a story about a ${trait} ${h.kind} named ${h.name}.`,
  ]);
  const like = r.pick(EN_LIKES).replace('{his}', h.his);
  const place = r.pick(EN_PLACES);
  const withWhom = r.chance(0.5) ? `${h.his} ${r.pick(EN_FAMILY)}` : `${h.his} friend ${f.name}`;
  const plot = r.pick(EN_PLOTS)(r, h, f);
  const ending = r.pick([
    `From that day on, ${h.name} and ${f.name} were best friends.`,
    `${h.name} learned that ${plot.moral}.`,
    `At the end of the day, ${h.name} went home and slept well. ${cap(h.he)} dreamed about the ${place}.`,
    `The moral of the story is: ${plot.moral}.`,
  ]);
  return [
    `${opening} ${cap(h.he)} lived ${r.pick(EN_HOMES)}. ${cap(h.he)} loved to ${like}.`,
    `One day, ${h.name} went to the ${place} with ${withWhom}. ${r.pick(EN_WEATHER)}`,
    ...plot.lines,
    ending,
  ].join('\n');
}

// ---------------------------------------------------------------- Chinese

function zhCharacter(r, notName) {
  const girl = r.chance(0.5);
  const name = r.other(girl ? ZH_GIRLS : ZH_BOYS, notName);
  const kind = r.chance(0.6) ? (girl ? '小女孩' : '小男孩') : r.pick(ZH_ANIMALS);
  const who = ZH_ANIMALS.includes(kind) ? `${kind}${name}` : name;
  return { name, kind, who, he: girl ? '她' : '他' };
}

const ZH_PLOTS = [
  (r, h, f) => {
    const toy = `${r.pick(ZH_COLORS)}${r.pick(ZH_TOYS)}`;
    const loss = r.pick(['一阵风把它吹到了大树上', '它掉进了河里', '它滚进了一个深洞里', '它飞到了墙外']);
    return {
      lines: [
        `${h.name}有一个${toy}。${h.he}玩了一整天。可是,${loss}。`,
        `${h.name}很难过。${h.he}哭着说:“我的${toy}!”`,
        `${f.who}看见了,说:“不要难过,我来帮你。”`,
        `${f.name}${r.pick(['找来一根长长的木棍', '搬来一个大梯子', '想了一个好办法'])},他们一起拿回了${toy}。` +
          `${h.name}非常高兴,说:“谢谢你,${f.name}!”`,
      ],
      moral: '朋友要互相帮助',
    };
  },
  (r, h, f) => {
    const thing = r.pick(ZH_FOUND);
    return {
      lines: [
        `${h.name}在树下看见了${thing}。${h.he}问:“这是什么?”`,
        `${h.he}拿给${f.who}看。${f.name}说:“真好看!我们把它放好吧。”`,
        `他们把它放在家里,每天都去看一看。${h.name}${r.pick(['很开心', '很高兴', '笑了'])}。`,
      ],
      moral: '小东西也可以很美',
    };
  },
  (r, h, f) => {
    const fear = r.pick(ZH_FEARS);
    return {
      lines: [
        `${h.name}想${fear}。可是${h.he}有点害怕,说:“我不行。”`,
        `${f.who}说:“你可以的!不要怕,我在这里。”`,
        `${h.name}想了想,就去做了。${h.he}做到了!${h.he}很开心。`,
      ],
      moral: '要做一个勇敢的人',
    };
  },
  (r, h, f) => {
    const treat = r.pick(ZH_TREATS);
    return {
      lines: [
        `${h.name}有${r.pick(ZH_NUMBERS)}个${treat}。${f.who}一个也没有,很不开心。`,
        `${h.name}想了想,给了${f.name}一个${treat},说:“这个给你吃。”`,
        `${f.name}笑了:“谢谢你!你真好。”他们两个都很高兴。`,
      ],
      moral: '分享会让大家都快乐',
    };
  },
  (r, h, f) => {
    const toy = `${r.pick(ZH_COLORS)}${r.pick(ZH_TOYS)}`;
    return {
      lines: [
        `${h.name}和${f.who}都想玩${toy}。他们你拉我,我拉你。`,
        `${toy}坏了!两个人都很难过。`,
        `${h.name}说:“对不起。”${f.name}也说:“对不起。”他们一起把${toy}修好了,轮流玩。`,
      ],
      moral: '一起玩更快乐',
    };
  },
];

function zhStory(r) {
  const h = zhCharacter(r);
  const f = zhCharacter(r, h.name);
  const trait = r.pick(ZH_TRAITS);
  const opening = r.pick([
    `从前,有一个${trait}${h.kind},名叫${h.name}。`,
    `很久以前,有一个${trait}${h.kind},叫${h.name}。`,
    `这是${trait}${h.kind}${h.name}的故事。`,
  ]);
  const place = r.pick(ZH_PLACES);
  const withWhom = r.chance(0.5) ? r.pick(ZH_FAMILY) : `好朋友${f.name}`;
  const plot = r.pick(ZH_PLOTS)(r, h, f);
  const ending = r.pick([
    `从那天起,${h.name}和${f.name}成了好朋友。`,
    `${h.name}知道了,${plot.moral}。`,
    `晚上,${h.name}回到家,睡得很香。${h.he}梦见了${place}。`,
  ]);
  return [
    `${opening}${h.he}住在${r.pick(ZH_HOMES)}。${h.he}最喜欢${r.pick(ZH_LIKES)}。`,
    `有一天,${h.name}和${withWhom}去${place}玩。${r.pick(ZH_WEATHER)}`,
    ...plot.lines,
    ending,
  ].join('\n');
}

// ---------------------------------------------------------------- instructions (SFT and prompts)

/** The tiny preset's context is 32 tokens, one per character, and an end-of-text token follows the completion:
 *  prompt + completion + 1 must fit in the 33 tokens of one training window. */
export const SFT_MAX_TOKENS = 33;
/** Longest prompt in characters, so that a one-sentence answer has room. */
export const MAX_PROMPT_CHARS = { en: 14, zh: 8 };

function enPerson(r, notName) {
  const girl = r.chance(0.5);
  const name = r.other(girl ? EN_GIRLS : EN_BOYS, notName);
  return { name, girl, he: girl ? 'she' : 'he', his: girl ? 'her' : 'his', kind: r.chance(0.6) ? (girl ? 'girl' : 'boy') : r.pick(EN_ANIMALS) };
}
const enLike = (r, p) => r.pick(EN_LIKES).replace('{his}', p.his);

/** Instruction templates: each picks a topic from the story grammar's lists and returns a prompt with the
 *  candidate answers (complete, relevant sentences in the stories' words). */
const EN_TEMPLATES = [
  (r) => {
    const p = enPerson(r);
    return {
      prompt: `Tell of ${p.name}:\n`,
      answers: [
        `${p.name} is ${r.pick(EN_TRAITS)}.`, `${p.name} was ${r.pick(EN_FEELINGS)}.`, `${p.name} has a ${r.pick(EN_TOYS)}.`,
        `${p.name} likes ${r.pick(EN_TREATS)}.`, `${cap(p.he)} is a ${r.pick(EN_TRAITS)} ${p.kind}.`, `${cap(p.he)} loves to ${enLike(r, p)}.`,
      ],
    };
  },
  (r) => {
    const p = enPerson(r);
    return {
      prompt: `Who is ${p.name}?\n`,
      answers: [`${p.name} is a ${r.pick(EN_TRAITS)} ${p.kind}.`, `${cap(p.he)} is my friend.`, `${cap(p.he)} is a ${r.pick(EN_TRAITS)} ${p.kind}.`],
    };
  },
  (r) => {
    const p = enPerson(r);
    const feel = r.pick(EN_FEELINGS);
    return { prompt: `How is ${p.name}?\n`, answers: [`${p.name} is ${feel}.`, `${cap(p.he)} is ${feel}.`, `${cap(p.he)} feels ${feel}.`, `${p.name} felt ${feel}.`] };
  },
  (r) => {
    const p = enPerson(r);
    const place = r.pick(EN_PLACES);
    return {
      prompt: `Where is ${p.name}?\n`,
      answers: [`${p.name} is at the ${place}.`, `${cap(p.he)} is at the ${place}.`, `${cap(p.he)} is ${r.pick(EN_HOMES)}.`],
    };
  },
  (r) => {
    const animal = r.pick(EN_ANIMALS);
    return {
      prompt: `About a ${animal}:\n`,
      answers: [
        `The ${animal} was ${r.pick(EN_FEELINGS)}.`, `The ${animal} is ${r.pick(EN_TRAITS)}.`, `A ${animal} likes ${r.pick(EN_TREATS)}.`,
        `The ${animal} lives ${r.pick(EN_HOMES)}.`,
      ],
    };
  },
  (r) => {
    const animal = r.pick(EN_ANIMALS);
    const trait = r.pick(EN_TRAITS);
    return { prompt: `A ${trait} ${animal}:\n`, answers: [`The ${animal} is ${trait}.`, `It was a ${trait} ${animal}.`, `The ${trait} ${animal} was ${r.pick(EN_FEELINGS)}.`] };
  },
  (r) => {
    const place = r.pick(EN_PLACES);
    return {
      prompt: `The ${place}:\n`,
      answers: [`The ${place} was fun.`, `We play at the ${place}.`, `I like the ${place}.`, `${enPerson(r).name} went to the ${place}.`, `The ${place} is big.`],
    };
  },
  (r) => {
    const toy = r.pick(EN_TOYS);
    const color = r.pick(EN_COLORS);
    return {
      prompt: r.chance(0.5) ? `The ${toy}:\n` : `A ${color} ${toy}:\n`,
      answers: [`The ${toy} is ${color}.`, `I like my ${toy}.`, `${enPerson(r).name} has a ${toy}.`, `It is a ${color} ${toy}.`],
    };
  },
  (r) => {
    const a = enPerson(r);
    const b = enPerson(r, a.name);
    return {
      prompt: `${a.name} and ${b.name}:\n`,
      answers: [
        'They are friends.', 'They are best friends.', 'They play together.', `${a.name} helps ${b.name}.`,
        `They went to the ${r.pick(EN_PLACES)}.`, `${a.name} likes ${b.name}.`,
      ],
    };
  },
];

function zhPerson(r, notName) {
  if (r.chance(0.3)) {
    const name = r.other(ZH_ANIMALS, notName);
    return { name, he: '它', kind: name };
  }
  const girl = r.chance(0.5);
  const name = r.other(girl ? ZH_GIRLS : ZH_BOYS, notName);
  return { name, he: girl ? '她' : '他', kind: girl ? '小女孩' : '小男孩' };
}

const ZH_TEMPLATES = [
  (r) => {
    const p = zhPerson(r);
    return {
      prompt: `说${p.name}:\n`,
      answers: [
        `${p.name}很${r.pick(ZH_FEELINGS)}。`, `${p.name}是一个${r.pick(ZH_TRAITS)}${p.kind}。`, `${p.name}有一个${r.pick(ZH_COLORS)}${r.pick(ZH_TOYS)}。`,
        `${p.name}最喜欢${r.pick(ZH_LIKES)}。`, `${p.he}是我的好朋友。`,
      ],
    };
  },
  (r) => {
    const p = zhPerson(r);
    return {
      prompt: `${p.name}喜欢什么?\n`,
      answers: [`${p.name}喜欢${r.pick(ZH_LIKES)}。`, `${p.he}最喜欢${r.pick(ZH_LIKES)}。`, `${p.name}喜欢吃${r.pick(ZH_TREATS)}。`, `${p.he}喜欢${r.pick(ZH_TOYS)}。`],
    };
  },
  (r) => {
    const p = zhPerson(r);
    const place = r.pick(ZH_PLACES);
    return {
      prompt: `${p.name}在做什么?\n`,
      answers: [`${p.name}在${place}玩。`, `${p.he}在${r.pick(ZH_LIKES)}。`, `${p.name}和${r.pick(ZH_FAMILY)}在${place}玩。`, `${p.name}在${r.pick(ZH_LIKES)}。`],
    };
  },
  (r) => {
    const p = zhPerson(r);
    return { prompt: `${p.name}的家:\n`, answers: [`${p.name}住在${r.pick(ZH_HOMES)}。`, `${p.he}住在${r.pick(ZH_HOMES)}。`] };
  },
  (r) => {
    const p = zhPerson(r);
    const trait = r.pick(ZH_TRAITS);
    return {
      prompt: `${p.name}的故事:\n`,
      answers: [`从前有一个${trait}${p.kind},名叫${p.name}。`, `这是${trait}${p.name}的故事。`, `${p.name}和好朋友一起玩,很${r.pick(ZH_FEELINGS)}。`],
    };
  },
  (r) => {
    const place = r.pick(ZH_PLACES);
    return { prompt: `说${place}:\n`, answers: [`${place}有美丽的花。`, `我们去${place}玩。`, `${zhPerson(r).name}在${place}玩。`, `${place}很美。`] };
  },
  (r) => {
    const toy = r.pick(ZH_TOYS);
    const color = r.pick(ZH_COLORS);
    return { prompt: `说${toy}:\n`, answers: [`${zhPerson(r).name}有一个${color}${toy}。`, `这是一个${color}${toy}。`, `我喜欢${toy}。`] };
  },
  (r) => {
    const a = zhPerson(r);
    const b = zhPerson(r, a.name);
    return {
      prompt: `${a.name}和${b.name}:\n`,
      answers: ['他们是好朋友。', '他们一起玩。', `他们一起去${r.pick(ZH_PLACES)}。`, `${a.name}帮了${b.name}。`, `${a.name}给了${b.name}一个${r.pick(ZH_TREATS)}。`],
    };
  },
];

const codePoints = (s) => Array.from(s).length;

/** `count` distinct records from random templates; `make` turns a template's output into a record or null
 *  (when nothing fits the length limits). */
function distinctRecords(templates, seed, count, make) {
  const r = makeRng(seed);
  const seen = new Set();
  const lines = [];
  for (let tries = 0; lines.length < count; tries++) {
    if (tries > 100 * count) throw new Error(`only ${lines.length} distinct records of ${count} after ${tries} tries`);
    const record = make(r.pick(templates)(r), r);
    const line = record && JSON.stringify(record);
    if (line && !seen.has(line)) {
      seen.add(line);
      lines.push(line);
    }
  }
  return lines.join('\n') + '\n';
}

function sftRecords(templates, language, seed, count) {
  return distinctRecords(templates, seed, count, ({ prompt, answers }, r) => {
    const room = SFT_MAX_TOKENS - 1 - codePoints(prompt);
    const fitting = answers.filter((a) => codePoints(a) <= room);
    return codePoints(prompt) <= MAX_PROMPT_CHARS[language] && fitting.length > 0 ? { prompt, completion: r.pick(fitting) } : null;
  });
}

function promptRecords(templates, language, seed, count) {
  return distinctRecords(templates, seed, count, ({ prompt }) => (codePoints(prompt) <= MAX_PROMPT_CHARS[language] ? { prompt } : null));
}

// ---------------------------------------------------------------- files

/** Stories from `story` separated by blank lines, until the text reaches TARGET_BYTES of UTF-8. */
function generate(story, seed) {
  const r = makeRng(seed);
  const stories = [];
  let bytes = 0;
  while (bytes < TARGET_BYTES) {
    const s = story(r);
    stories.push(s);
    bytes += Buffer.byteLength(s) + 2;
  }
  return stories.join('\n\n') + '\n';
}

/** `kind`: "text" (a pretraining corpus), "sft" (JSONL prompt/completion) or "prompts" (JSONL prompt);
 *  `corpus`: for the JSONL files, the corpus whose characters they use (so its tokenizer covers them). */
const DATASETS = [
  {
    id: 'tinystories-en',
    file: 'tinystories-en.txt',
    title: 'Tiny stories (English)',
    language: 'en',
    kind: 'text',
    description: "Short, simple English children's stories generated from a small grammar: characters, places, toys, a problem and its happy ending.",
    text: () => generate(enStory, 1),
  },
  {
    id: 'stories-zh',
    file: 'stories-zh.txt',
    title: '小故事 (Chinese stories)',
    language: 'zh',
    kind: 'text',
    description: 'Short, simple Chinese children\'s stories generated from a small grammar with a few hundred distinct characters.',
    text: () => generate(zhStory, 2),
  },
  {
    id: 'sft-en',
    file: 'sft-en.jsonl',
    title: 'Instructions and answers (English)',
    language: 'en',
    kind: 'sft',
    corpus: 'tinystories-en',
    description: 'Short instructions about the tiny stories\' world ("Who is Tom?") with a good one-sentence answer, for supervised fine-tuning; prompt, answer and end of text fit in 33 tokens.',
    text: () => sftRecords(EN_TEMPLATES, 'en', 3, 1500),
  },
  {
    id: 'sft-zh',
    file: 'sft-zh.jsonl',
    title: '指令和回答 (Chinese instructions and answers)',
    language: 'zh',
    kind: 'sft',
    corpus: 'stories-zh',
    description: 'Short Chinese instructions about the stories\' world ("小红喜欢什么?") with a good one-sentence answer, for supervised fine-tuning; prompt, answer and end of text fit in 33 tokens.',
    text: () => sftRecords(ZH_TEMPLATES, 'zh', 4, 1500),
  },
  {
    id: 'prompts-en',
    file: 'prompts-en.jsonl',
    title: 'Prompts to rank (English)',
    language: 'en',
    kind: 'prompts',
    corpus: 'tinystories-en',
    description: 'Instructions in the style of the SFT data, without answers: the fine-tuned model answers each several times and a labeler ranks the answers to train a reward model.',
    text: () => promptRecords(EN_TEMPLATES, 'en', 5, 300),
  },
  {
    id: 'prompts-zh',
    file: 'prompts-zh.jsonl',
    title: '待排序的提示 (Chinese prompts to rank)',
    language: 'zh',
    kind: 'prompts',
    corpus: 'stories-zh',
    description: 'Chinese instructions in the style of the SFT data, without answers: the fine-tuned model answers each several times and a labeler ranks the answers to train a reward model.',
    text: () => promptRecords(ZH_TEMPLATES, 'zh', 6, 300),
  },
];

/** Records of a JSONL file: its non-blank lines, except a task file's task headers (lines without "input"). */
function countRecords(kind, content) {
  const lines = content.split('\n').filter((l) => l !== '');
  return kind === 'tasks' ? lines.filter((l) => 'input' in JSON.parse(l)).length : lines.length;
}

/** Writes every dataset (the stories' and the lessons') and index.json into `outDir`; returns the index entries. */
export function makeDatasets(outDir) {
  mkdirSync(outDir, { recursive: true });
  const index = [...DATASETS, ...LESSON_DATASETS].map(({ id, file, title, language, kind, corpus, lesson, description, text }) => {
    const content = text();
    writeFileSync(join(outDir, file), content);
    const chars = Array.from(content);
    const records = kind === 'text' ? {} : { corpus, records: countRecords(kind, content) };
    return {
      id, file, title, language, kind, ...(lesson ? { lesson } : {}), ...records,
      bytes: Buffer.byteLength(content), chars: chars.length, vocab: new Set(chars).size, description,
    };
  });
  writeFileSync(join(outDir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  return index;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outDir = process.argv[2] ?? fileURLToPath(new URL('../public/datasets/', import.meta.url));
  for (const d of makeDatasets(outDir)) {
    console.log(`${d.file}: ${d.bytes} bytes, ${d.chars} chars, vocab ${d.vocab}${d.records ? `, ${d.records} records` : ''}`);
  }
}
