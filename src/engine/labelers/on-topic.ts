// The "on topic" labeler: prefers answers that use the prompt's own content words. Tested by labelers.test.ts.

import { topicShare, withFailures } from './features';
import type { Labeler } from './labelers';

export const onTopic: Labeler = {
  id: 'on-topic',
  title: 'On topic',
  titleZh: '切题',
  description:
    "Prefers answers that use the prompt's content words (English words of 3+ letters that are not stopwords; " +
    'Chinese content characters and pairs of them): the larger the share of them in the answer, the better. ' +
    'Empty, cut-off, repetitive or off-topic answers rank lowest.',
  descriptionZh: '偏好用到提示里实词的回答(英文三个字母以上的非停用词;中文的实义汉字和相邻的两字词):用到的比例越高越好。空的、没说完的、重复的或跑题的回答排在最后。',
  score: (prompt, response) => withFailures(prompt, response, () => topicShare(prompt, response) ?? 0.5),
};
