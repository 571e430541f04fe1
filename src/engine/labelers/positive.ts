// The "positive" labeler: prefers cheerful answers, from small English and Chinese word lists.
// Tested by labelers.test.ts.

import { lengthUnits, words, withFailures } from './features';
import type { Labeler } from './labelers';

const EN_POSITIVE = new Set(
  ('happy happily happier glad love loved loves lovely fun funny kind kindly smile smiled smiles smiling laugh ' +
    'laughed laughing friend friends friendly good great nice pretty beautiful proud excited brave best better joy ' +
    'joyful wonderful yay hug hugged thank thanks safe special sunny warm cheer cheerful enjoy enjoyed play played ' +
    'playing together share shared sharing help helped helps helping gentle sweet cozy well bright delighted ' +
    'awesome amazing').split(' '),
);
const EN_NEGATIVE = new Set(
  ('sad sadly sadder cry cried cries crying tears scared scary afraid fear angry mad bad worse worst hurt hurts ' +
    'pain lost lose broke broken alone lonely hate hated mean upset sick tired worried worry terrible awful ugly ' +
    'bored boring fight fought monster').split(' '),
);
/** A sentiment word within two words after one of these counts the other way ("not happy", "do not be sad"). */
const EN_NEGATORS = new Set("not no never don't didn't doesn't isn't wasn't aren't weren't can't won't nor".split(' '));

const ZH_POSITIVE = ['开心', '高兴', '快乐', '喜欢', '爱', '笑', '朋友', '好', '谢谢', '美丽', '可爱', '勇敢', '善良', '帮', '分享', '棒', '甜', '温暖', '漂亮', '有趣', '安全', '聪明'];
const ZH_NEGATIVE = ['难过', '伤心', '哭', '怕', '害怕', '可怕', '生气', '坏', '不好', '丢', '痛', '疼', '累', '孤单', '讨厌', '吓', '担心'];
/** Longest first, so 害怕 is one negative word, not 害 + 怕. */
const ZH_LEXICON = [...ZH_POSITIVE.map((w) => ({ w, sign: 1 })), ...ZH_NEGATIVE.map((w) => ({ w, sign: -1 }))].sort((a, b) => b.w.length - a.w.length);
/** 不/没/别 up to two characters before a sentiment word flips it (不开心, 不要难过). */
const ZH_NEGATORS = /[不没别]/u;

/** Positive minus negative words, English and Chinese. */
export function sentiment(text: string): number {
  let net = 0;
  const ws = words(text);
  ws.forEach((w, i) => {
    const sign = EN_POSITIVE.has(w) ? 1 : EN_NEGATIVE.has(w) ? -1 : 0;
    if (sign === 0) return;
    const negated = ws.slice(Math.max(0, i - 2), i).some((p) => EN_NEGATORS.has(p) || p.endsWith("n't"));
    net += negated ? -sign : sign;
  });
  const cs = Array.from(text);
  for (let i = 0; i < cs.length; ) {
    const hit = ZH_LEXICON.find(({ w }) => cs.slice(i, i + w.length).join('') === w); // all BMP: length = characters
    if (!hit) {
      i++;
      continue;
    }
    const negated = ZH_NEGATORS.test(cs.slice(Math.max(0, i - 2), i).join(''));
    net += negated ? -hit.sign : hit.sign;
    i += hit.w.length;
  }
  return net;
}

/** Net sentiment per length (divided by 1 + words/8), squashed into 0..1 (0.5 = neutral). */
function cheer(response: string): number {
  return 0.5 + 0.5 * Math.tanh(sentiment(response) / (1 + lengthUnits(response) / 8));
}

export const positive: Labeler = {
  id: 'positive',
  title: 'Positive',
  titleZh: '积极',
  description:
    'Prefers cheerful answers: counts happy words (happy, love, friend, fun, 开心, 喜欢, 朋友…) minus sad or scary ' +
    'ones (sad, cry, scared, 哭, 害怕, 难过…), with "not"/不 flipping a word, per length of the answer. Empty, ' +
    'cut-off, repetitive or off-topic answers rank lowest.',
  descriptionZh: '偏好开心、积极的回答:数快乐的词(happy、love、开心、喜欢、朋友…)减去难过或害怕的词(sad、cry、哭、害怕、难过…),“not”/“不”会把词义反过来,再按回答长度折算。空的、没说完的、重复的或跑题的回答排在最后。',
  score: (prompt, response) => withFailures(prompt, response, cheer),
};
