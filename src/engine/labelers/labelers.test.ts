// The labelers: the registry; each labeler ranks a clean, relevant, complete answer above empty, cut-off,
// repetitive and off-topic ones, in English and Chinese; the three disagree where their preferences differ;
// scores are deterministic and ranking is stable; the same holds on the 3,000 bundled SFT demonstrations, which
// were not written for these tests. Also the shared text features the labelers rest on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSftJsonl } from '../data/jsonl';
import { isComplete, isEmptyAnswer, isOffTopic, repetition, sentenceCount, topicShare } from './features';
import { LABELERS, labelerById, rankByLabeler, strictRanking } from './labelers';
import { sentiment } from './positive';

describe('registry', () => {
  it('lists the labelers with titles and descriptions in both languages', () => {
    expect(LABELERS.map((l) => l.id)).toEqual(['on-topic', 'positive', 'concise']);
    for (const l of LABELERS) {
      for (const s of [l.title, l.titleZh, l.description, l.descriptionZh]) expect(s.length).toBeGreaterThan(1);
      expect(labelerById(l.id)).toBe(l);
    }
  });

  it('rejects an unknown id, listing the known ones', () => {
    expect(() => labelerById('helpful')).toThrow('Unknown labeler "helpful"; known labelers: on-topic, positive, concise');
  });
});

/** A prompt, a clean answer, and failures of a weak char-level model. */
const CASES = [
  {
    prompt: 'Tell of a cat:\n',
    clean: 'The cat was happy.',
    failures: ['', '   ', 'The cat was hap', 'The cat was happy and she pla', 'cat cat cat cat cat cat cat', 'The cat. The cat. The cat. The cat.', 'aaaaaaaaaaaaaaa.', 'Ben went to the big hill.'],
  },
  {
    prompt: 'Where is Tom?\n',
    clean: 'Tom is at the park with his friend.',
    failures: ['', '.', 'Tom is at the', 'Tom is at the park. Tom is at the park. Tom is at the park.', 'the the the the the the.', 'Lily had a red kite.'],
  },
  {
    prompt: 'What does Lily like?',
    clean: '"Lily likes to read books!"',
    failures: ['', 'Lily likes to re', 'Lily Lily Lily Lily Lily Lily', 'I do not know why.'],
  },
  {
    prompt: '说小猫:\n',
    clean: '小猫很开心。',
    failures: ['', ' \n', '小猫很开', '小猫在公园里玩,它', '小猫小猫小猫小猫小猫小猫', '猫猫猫猫猫猫猫猫。', '小明有一个红色的气球。'],
  },
  {
    prompt: '小红喜欢什么?\n',
    clean: '小红喜欢画画,她说:“真好!”',
    failures: ['', '小红喜欢画', '小红喜欢画画。小红喜欢画画。小红喜欢画画。', '很很很很很很很很很很。', '天很蓝,风很小。'],
  },
];

describe.each(LABELERS.map((l) => [l.id, l] as const))('%s', (_, labeler) => {
  it.each(CASES.map((c) => [c.prompt, c] as const))('ranks the clean answer to %j above empty, cut-off, repetitive and off-topic ones', (_, c) => {
    const clean = labeler.score(c.prompt, c.clean);
    for (const bad of c.failures) expect(clean, JSON.stringify(bad)).toBeGreaterThan(labeler.score(c.prompt, bad));
    expect(rankByLabeler(labeler, c.prompt, [...c.failures, c.clean])[0]).toBe(c.clean);
  });

  it('ranks an empty answer last', () => {
    for (const c of CASES) expect(rankByLabeler(labeler, c.prompt, ['', ...c.failures, c.clean]).at(-1)).toMatch(/^\s*\.?$/);
  });

  it('is deterministic and pure', () => {
    for (const c of CASES) {
      const responses = [c.clean, ...c.failures];
      const first = responses.map((r) => labeler.score(c.prompt, r));
      expect(first.every(Number.isFinite)).toBe(true);
      expect(responses.map((r) => labeler.score(c.prompt, r))).toEqual(first);
      expect(rankByLabeler(labeler, c.prompt, responses)).toEqual(rankByLabeler(labeler, c.prompt, responses));
    }
  });
});

describe('on the bundled SFT demonstrations', () => {
  const records = ['sft-en.jsonl', 'sft-zh.jsonl'].flatMap((f) =>
    parseSftJsonl(readFileSync(join(import.meta.dirname, '../../../public/datasets', f), 'utf8'), f),
  );
  it.each(LABELERS.map((l) => [l.id, l] as const))('%s ranks each answer above its cut-off, looped, empty and off-topic variants', (_, labeler) => {
    let checked = 0;
    records.forEach(({ prompt, completion }, i) => {
      const cs = Array.from(completion);
      const other = records[(i * 7 + 3) % records.length].completion;
      const variants = [cs.slice(0, Math.ceil(cs.length * 0.6)).join(''), cs.slice(0, -1).join('').repeat(4), '', ...(isOffTopic(prompt, other) ? [other] : [])];
      const good = labeler.score(prompt, completion);
      for (const bad of variants) {
        if (!(good > labeler.score(prompt, bad))) expect.fail(`${JSON.stringify(prompt)}: ${JSON.stringify(completion)} not above ${JSON.stringify(bad)}`);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(3 * records.length);
  });
});

describe('rankByLabeler', () => {
  it('keeps the input order for ties and does not change its input', () => {
    const responses = Object.freeze(['Tom is here.', 'Tom is ok.', '', 'Tom is fine.']);
    expect(rankByLabeler(labelerById('concise'), 'Where is Tom?', responses)).toEqual(['Tom is here.', 'Tom is ok.', 'Tom is fine.', '']);
  });
});

describe('the labelers disagree', () => {
  // Each prefers something else: on-topic the answer using both "Lily" and "play", positive the cheerful one,
  // concise the shortest. A reward model trained on each learns a different ranking.
  const sets = [
    {
      prompt: 'Where does Lily play?\n',
      responses: ['Lily was sad and did not play.', 'Lily loves the park and her friends, and she is happy there.', 'Lily is here.'],
    },
    {
      prompt: '小红在哪里玩?\n',
      responses: ['小红没有去公园玩,她一个人在家里哭了很久。', '小红和好朋友在花园里,她们笑了,非常开心快乐。', '小红在家。'],
    },
  ];
  it.each(sets.map((s) => [s.prompt, s] as const))('on %j, each labeler picks a different best answer', (_, s) => {
    const best = LABELERS.map((l) => rankByLabeler(l, s.prompt, s.responses)[0]);
    expect(best).toEqual(s.responses);
  });
});

describe('features', () => {
  it('finds a finished sentence, a closing quote allowed', () => {
    for (const t of ['Hi.', 'Yes!', 'Why?', '"Hi!"', '好。', '谢谢你!”', '真好!', 'The end.  \n']) expect(isComplete(t), t).toBe(true);
    for (const t of ['Hi', 'The cat wa', '小猫很', '她说:“', '']) expect(isComplete(t), t).toBe(false);
  });

  it('treats text without letters or digits as empty', () => {
    for (const t of ['', ' \n', '...', '!?。']) expect(isEmptyAnswer(t)).toBe(true);
    for (const t of ['a', '好', '7.']) expect(isEmptyAnswer(t)).toBe(false);
  });

  it('counts sentences', () => {
    expect(sentenceCount('The cat sat.')).toBe(1);
    expect(sentenceCount('The cat sat. It was happy!')).toBe(2);
    expect(sentenceCount('The cat sat. It was')).toBe(2);
    expect(sentenceCount('小猫很开心。它笑了。')).toBe(2);
  });

  it('measures repetition: none in ordinary answers, most in loops', () => {
    for (const t of ['The cat was happy.', 'Lily and Tom went to the park and played with a ball.', '小红喜欢画画,她说:“真好!”', 'It was a good, good day.'])
      expect(repetition(t), t).toBe(0);
    for (const t of ['aaaaaaaaaaaa', 'the the the the the the', '很很很很很很很很', 'Tom is at the park. Tom is at the park. Tom is at the park.', '小猫小猫小猫小猫'])
      expect(repetition(t), t).toBeGreaterThan(0.8);
    expect(repetition('Lily was happy. Lily was happy.')).toBeGreaterThan(0.2);
  });

  it('measures the share of the prompt topic in the answer', () => {
    expect(topicShare('Tell of a cat:\n', 'The cats were happy.')).toBe(1);
    expect(topicShare('Tell of a cat:\n', 'The dog was happy.')).toBe(0);
    expect(topicShare('Where does Lily play?', 'Lily is here.')).toBe(0.5);
    expect(topicShare('Tell me what you want', 'I want a kite.')).toBe(1); // "want"
    expect(topicShare('Tell me:', 'Anything.')).toBeNull();
    expect(topicShare('说小猫:', '小猫很开心。')).toBe(1);
    expect(topicShare('说小猫:', '小明很开心。')).toBe(0); // terms 猫 and 小猫
    expect(topicShare('说小猫:', '猫很开心。')).toBe(0.5);
    expect(topicShare('小红喜欢什么?', '她喜欢画画。')).toBe(0.5); // 喜, 欢, 喜欢 of 红, 喜, 欢, 小红, 红喜, 喜欢
  });

  it('calls an answer off topic when it shares no topic term and has no pronoun that could refer to one', () => {
    expect(isOffTopic('How is Lily?', 'Ben went to the hill.')).toBe(true);
    expect(isOffTopic('How is Lily?', 'She is happy.')).toBe(false);
    expect(isOffTopic('How is Lily?', 'Lily is happy.')).toBe(false);
    expect(isOffTopic('Tell me:', 'Anything.')).toBe(false); // nothing to be on or off
    expect(isOffTopic('说小猫:', '小明很开心。')).toBe(true);
    expect(isOffTopic('说小猫:', '它很开心。')).toBe(false);
  });

  it('scores sentiment in both languages, with negation', () => {
    expect(sentiment('The cat was happy.')).toBe(1);
    expect(sentiment('The cat was not happy.')).toBe(-1);
    expect(sentiment('Do not be sad, my friend!')).toBe(2);
    expect(sentiment('小猫很开心。')).toBe(1);
    expect(sentiment('小猫很不开心,它哭了。')).toBe(-2);
    expect(sentiment('不要害怕!')).toBe(1);
    expect(sentiment('The cat sat on the mat.')).toBe(0);
  });
});

describe('strictRanking', () => {
  it('collapses responses the labeler scores equal, keeping the first sampled, best first', () => {
    const stub = { id: 'len', title: '', titleZh: '', description: '', descriptionZh: '', score: (_p: string, r: string) => -Math.min(r.length, 3) };
    expect(strictRanking(stub, 'p', ['aaaa', 'b', 'cc', 'dddd', 'e'])).toEqual(['b', 'cc', 'aaaa']);
    expect(strictRanking(stub, 'p', ['x', 'y'])).toEqual(['x']);
  });
});
