// Generates the bundled datasets in public/datasets/: simple English and Chinese children's stories from small
// grammars (a tiny char-level model learns their recurring structure quickly), plus index.json describing them.
// Deterministic: its own seeded PRNG, so every run writes byte-identical files (checked by make-datasets.test.ts).
// Usage: node scripts/make-datasets.mjs [outDir]   (default: public/datasets)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Each file is generated until it reaches this many UTF-8 bytes. */
const TARGET_BYTES = 400_000;

/** mulberry32 (as src/engine/rng.ts), with the helpers a grammar needs. */
function makeRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  return { pick, chance: (p) => next() < p, other: (xs, not) => pick(xs.filter((x) => x !== not)) };
}

const cap = (s) => s[0].toUpperCase() + s.slice(1);

// ---------------------------------------------------------------- English

const EN_GIRLS = ['Lily', 'Mia', 'Anna', 'Sue', 'Zoe', 'Emma', 'Lucy', 'Amy'];
const EN_BOYS = ['Tom', 'Ben', 'Sam', 'Max', 'Jack', 'Leo', 'Tim', 'Bob'];
const EN_ANIMALS = ['cat', 'dog', 'bunny', 'bear', 'duck', 'fox', 'frog', 'bird'];
const EN_TRAITS = ['little', 'kind', 'happy', 'curious', 'brave', 'shy', 'friendly', 'small'];
const EN_HOMES = ['in a small house', 'in a big tree', 'on a farm', 'in a cozy hole', 'in a little town', 'by the sea'];
const EN_PLACES = ['park', 'forest', 'beach', 'garden', 'lake', 'hill', 'farm', 'river', 'playground', 'meadow'];
const EN_LIKES = [
  'play with a ball', 'run in the grass', 'sing songs', 'draw pictures', 'jump in puddles',
  'read books', 'look at the stars', 'dig in the sand', 'pick flowers', 'help {his} mom',
];
const EN_FAMILY = ['mom', 'dad', 'grandma', 'grandpa', 'big sister', 'big brother'];
const EN_WEATHER = [
  'The sun was shining and the sky was blue.', 'It was a warm and sunny day.',
  'The wind was soft and the birds were singing.', 'There were many pretty flowers everywhere.',
  'The air was cool and fresh.',
];
const EN_COLORS = ['red', 'blue', 'yellow', 'green', 'pink', 'shiny', 'big', 'little'];
const EN_TOYS = ['ball', 'kite', 'hat', 'boat', 'toy car', 'balloon', 'teddy bear', 'drum'];
const EN_FOUND = ['a shiny rock', 'a tiny egg', 'a big box', 'a red leaf', 'a little key', 'an old map', 'a soft feather'];
const EN_TREATS = ['cookies', 'apples', 'candies', 'cakes', 'grapes'];
const EN_FEARS = ['climb the big hill', 'swim in the lake', 'ride the big swing', 'cross the old bridge', 'go down the tall slide'];
const EN_NUMBERS = ['two', 'three', 'four', 'five'];

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

const ZH_GIRLS = ['小红', '小兰', '乐乐', '美美', '小花', '丽丽'];
const ZH_BOYS = ['小明', '小华', '丁丁', '小刚', '小东', '亮亮'];
const ZH_ANIMALS = ['小猫', '小狗', '小兔', '小熊', '小鸭', '小鸟'];
const ZH_TRAITS = ['可爱的', '聪明的', '勇敢的', '快乐的', '善良的'];
const ZH_HOMES = ['山下的一个小房子里', '河边的一个小村子里', '森林里的一棵大树下', '城里的一个小家里'];
const ZH_PLACES = ['公园', '森林', '河边', '花园', '海边', '山上', '草地', '学校'];
const ZH_LIKES = ['画画', '唱歌', '看书', '放风筝', '跑步', '看星星', '种花'];
const ZH_FAMILY = ['妈妈', '爸爸', '奶奶', '爷爷', '哥哥', '姐姐'];
const ZH_WEATHER = ['天气很好,太阳红红的。', '天很蓝,风很小。', '小鸟在树上唱歌。', '到处都是美丽的花。'];
const ZH_COLORS = ['红色的', '蓝色的', '黄色的', '绿色的', '白色的', '新'];
const ZH_TOYS = ['气球', '风筝', '小球', '帽子', '小船', '玩具车'];
const ZH_FOUND = ['一块小石头', '一片红叶子', '一个小盒子', '一根羽毛', '一把小钥匙'];
const ZH_TREATS = ['苹果', '饼干', '糖果', '蛋糕'];
const ZH_FEARS = ['爬上高高的山', '在河里游泳', '走过小木桥', '从大滑梯上滑下来'];
const ZH_NUMBERS = ['两', '三', '四', '五'];

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

const DATASETS = [
  {
    id: 'tinystories-en',
    title: 'Tiny stories (English)',
    language: 'en',
    description: "Short, simple English children's stories generated from a small grammar: characters, places, toys, a problem and its happy ending.",
    text: () => generate(enStory, 1),
  },
  {
    id: 'stories-zh',
    title: '小故事 (Chinese stories)',
    language: 'zh',
    description: 'Short, simple Chinese children\'s stories generated from a small grammar with a few hundred distinct characters.',
    text: () => generate(zhStory, 2),
  },
];

/** Writes every dataset and index.json into `outDir`; returns the index entries. */
export function makeDatasets(outDir) {
  mkdirSync(outDir, { recursive: true });
  const index = DATASETS.map(({ id, title, language, description, text }) => {
    const content = text();
    const file = `${id}.txt`;
    writeFileSync(join(outDir, file), content);
    const chars = Array.from(content);
    return { id, file, title, language, bytes: Buffer.byteLength(content), chars: chars.length, vocab: new Set(chars).size, description };
  });
  writeFileSync(join(outDir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  return index;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outDir = process.argv[2] ?? fileURLToPath(new URL('../public/datasets/', import.meta.url));
  for (const d of makeDatasets(outDir)) console.log(`${d.file}: ${d.bytes} bytes, ${d.chars} chars, vocab ${d.vocab}`);
}
