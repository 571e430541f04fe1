// What the labelers measure in a text, for English and Chinese alike: words, length, whether an answer is
// empty, finished, repetitive, and how much of the prompt's topic it shares; and the failure penalties that every
// labeler applies so that the typical failures of a weak char-level model rank last. Tested by labelers.test.ts.

/** Score of an empty answer (no letter or digit): below anything a non-empty answer can get. */
export const EMPTY_SCORE = -10;
/** Subtracted when the answer does not end with sentence-final punctuation (it was cut off). */
export const TRUNCATED_PENALTY = 2;
/** Times the repeated share (0..1) of the answer. */
export const REPEATED_PENALTY = 3;
/** Subtracted when the prompt has content words and the answer shares none of them, nor refers back with a
 *  third-person pronoun ("How is Lily?" "She is happy." is on topic). */
export const OFF_TOPIC_PENALTY = 1;

const HAN = /\p{Script=Han}/u;

/** Lowercased words of the non-Chinese part of the text (letters and digits, with inner apostrophes: don't). */
export function words(text: string): string[] {
  return text.replace(/\p{Script=Han}/gu, ' ').toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
}

/** Chinese characters of the text, in order. */
export function hanChars(text: string): string[] {
  return Array.from(text).filter((c) => HAN.test(c));
}

/** Length in word units: English words, plus Chinese characters at two per word. */
export function lengthUnits(text: string): number {
  return words(text).length + hanChars(text).length / 2;
}

/** True when the answer holds no letter or digit at all ("", "  ", "..."). */
export function isEmptyAnswer(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}

/** Ends with . ! ? 。 ！ ？ (possibly followed by a closing quote), ignoring trailing whitespace. */
export function isComplete(text: string): boolean {
  return /[.!?。！？]['"’”」』]?$/u.test(text.trimEnd());
}

/** Number of sentences: runs of sentence-final punctuation, and at least 1 for non-empty text. */
export function sentenceCount(text: string): number {
  const ends = text.match(/[.!?。！？]+['"’”」』]?/gu)?.length ?? 0;
  const tail = isComplete(text) || text.trim() === '' ? 0 : 1;
  return Math.max(1, ends + tail);
}

/** Longest repeating unit looked for, in characters ("Lily was happy. " is 16). */
const MAX_PERIOD = 24;
/** Repeated n-grams are counted at this length: six characters recurring is repetition in either language. */
const NGRAM = 6;
/** Share of recurring 6-grams that ordinary short answers reach ("The cat … the cat"); only the excess counts. */
const NGRAM_ALLOWANCE = 0.2;

/** How repetitive the text is, 0 (not at all) to 1: the larger of (a) the share of characters inside a stretch
 *  where one unit of 1–24 characters occurs (nearly) three or more times back to back ("aaaa", "the the the", "很很很很"),
 *  and (b) the share of 6-character n-grams that already occurred earlier, beyond an allowance of 0.2. */
export function repetition(text: string): number {
  const cs = Array.from(text);
  const n = cs.length;
  if (n < 4) return 0;
  const covered = new Uint8Array(n);
  for (let p = 1; p <= MAX_PERIOD; p++) {
    let run = 0; // cs[i - run .. i) each equal the character p later
    for (let i = 0; i + p <= n; i++) {
      if (i + p < n && cs[i] === cs[i + p]) {
        run++;
        continue;
      }
      // cs[i - run .. i + p) has period p; it holds (run + p) / p copies of the unit. Three copies count, the last
      // one may lack a quarter of its end (the space after "Tom is at the park." ×3).
      if (run >= 2 * p - Math.floor(p / 4) && run + p >= 4) covered.fill(1, i - run, i + p);
      run = 0;
    }
  }
  const tandem = covered.reduce((a, b) => a + b, 0) / n;
  let recurring = 0;
  const seen = new Set<string>();
  for (let i = 0; i + NGRAM <= n; i++) {
    const g = cs.slice(i, i + NGRAM).join('');
    if (seen.has(g)) recurring++;
    else seen.add(g);
  }
  const grams = Math.max(1, n - NGRAM + 1);
  const excess = Math.max(0, recurring / grams - NGRAM_ALLOWANCE) / (1 - NGRAM_ALLOWANCE);
  return Math.min(1, Math.max(tandem, excess));
}

const EN_STOPWORDS = new Set(
  ('the and for are but not you your all any can was were his her hers she him has had have one our out who how ' +
    'what where when why which this that these those with from they them their there then than will would could ' +
    'should about tell say does did into onto very some just also its let please write story describe give answer'
  ).split(' '),
);
/** Function and question characters, and the instruction words 说/讲/请/做, that say nothing about the topic. */
const ZH_FUNCTION = new Set(Array.from('的了是在我你他她它们说讲请什么吗呢吧啊呀一个和也都就这那着很哪谁怎样做'));

/** A light plural stem, applied to prompt and answer alike: cats → cat, likes → like. */
const stem = (w: string) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);

/** Prefixes of names and animals (小猫, 小红, 老虎): part of a pair term, never a topic on their own. */
const ZH_PREFIX = new Set(Array.from('小大老阿'));

/** The prompt's topic terms: English content words (>= 3 letters, not stopwords, stemmed), Chinese content
 *  characters other than the prefixes 小大老阿, and adjacent pairs of content characters or prefixes (小猫), so an
 *  answer about 小明 shares nothing with a prompt about 小猫. */
export function topicTerms(prompt: string): { words: Set<string>; han: Set<string> } {
  const content = (w: string) => w.length >= 3 && !EN_STOPWORDS.has(w);
  const ws = new Set(words(prompt).filter(content).map(stem).filter(content));
  const han = new Set<string>();
  const cs = Array.from(prompt);
  const hanContent = (c: string | undefined) => c !== undefined && HAN.test(c) && !ZH_FUNCTION.has(c);
  cs.forEach((c, i) => {
    if (!hanContent(c)) return;
    if (!ZH_PREFIX.has(c)) han.add(c);
    if (hanContent(cs[i + 1])) han.add(c + cs[i + 1]);
  });
  return { words: ws, han };
}

/** Share (0..1) of the prompt's topic terms that occur in the answer; null when the prompt has none. */
export function topicShare(prompt: string, response: string): number | null {
  const terms = topicTerms(prompt);
  const total = terms.words.size + terms.han.size;
  if (total === 0) return null;
  const answerWords = new Set(words(response).map(stem));
  let found = 0;
  for (const w of terms.words) if (answerWords.has(w)) found++;
  for (const h of terms.han) if (response.includes(h)) found++;
  return found / total;
}

const EN_PRONOUNS = new Set('he she it they him her them his its their'.split(' '));
const ZH_PRONOUNS = /[他她它]/u;

/** Shares no topic term with a prompt that has some, and uses no third-person pronoun that could stand for one. */
export function isOffTopic(prompt: string, response: string): boolean {
  if (topicShare(prompt, response) !== 0) return false;
  return !ZH_PRONOUNS.test(response) && !words(response).some((w) => EN_PRONOUNS.has(w));
}

/** The shared failure rule: an empty answer scores EMPTY_SCORE; otherwise `base` (each labeler's own 0..1
 *  preference) minus the penalties for a cut-off ending, repetition and being off topic. */
export function withFailures(prompt: string, response: string, base: (response: string) => number): number {
  if (isEmptyAnswer(response)) return EMPTY_SCORE;
  return (
    base(response) -
    (isComplete(response) ? 0 : TRUNCATED_PENALTY) -
    REPEATED_PENALTY * repetition(response) -
    (isOffTopic(prompt, response) ? OFF_TOPIC_PENALTY : 0)
  );
}
