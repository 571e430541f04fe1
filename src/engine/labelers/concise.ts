// The "concise" labeler: prefers one short, complete sentence. Tested by labelers.test.ts.

import { lengthUnits, sentenceCount, withFailures } from './features';
import type { Labeler } from './labelers';

/** Answers up to this many words (or twice as many Chinese characters) are all "short enough". */
const TARGET_WORDS = 6;
/** Each sentence after the first costs as much as half a target's worth of extra words. */
const EXTRA_SENTENCE_COST = 0.5;

/** 1 for one sentence of at most TARGET_WORDS, falling towards 0 as the answer gets longer or splits up. */
function brevity(response: string): number {
  const over = Math.max(0, lengthUnits(response) - TARGET_WORDS) / TARGET_WORDS;
  return 1 / (1 + over + EXTRA_SENTENCE_COST * (sentenceCount(response) - 1));
}

export const concise: Labeler = {
  id: 'concise',
  title: 'Concise',
  titleZh: '简洁',
  description:
    'Prefers a complete answer in one short sentence: up to 6 words (12 Chinese characters) is best, and the ' +
    'score falls with every extra word and extra sentence. Empty, cut-off, repetitive or off-topic answers rank lowest.',
  descriptionZh: '偏好一句话说完的简短回答:不超过 6 个英文单词(12 个汉字)最好,多一个词、多一句话分数都会降低。空的、没说完的、重复的或跑题的回答排在最后。',
  score: (prompt, response) => withFailures(prompt, response, brevity),
};
