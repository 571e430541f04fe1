// Programmatic labelers: each ranks a model's responses to a prompt by one documented preference, standing in for
// the human labelers of InstructGPT's reward-model stage. A class can swap labelers and watch the reward model learn
// whatever the labeler prefers. Tested by labelers.test.ts.

import { concise } from './concise';
import { onTopic } from './on-topic';
import { positive } from './positive';

export interface Labeler {
  id: string; // 'on-topic' | 'positive' | 'concise'
  title: string; // short English title, e.g. 'On topic'
  titleZh: string; // Chinese title
  description: string; // one or two English sentences: exactly what it prefers
  descriptionZh: string;
  /** Higher is better. Deterministic, pure, works for English and Chinese text. */
  score(prompt: string, response: string): number;
}

export const LABELERS: readonly Labeler[] = [onTopic, positive, concise];

export function labelerById(id: string): Labeler {
  const found = LABELERS.find((l) => l.id === id);
  if (!found) throw new Error(`Unknown labeler "${id}"; known labelers: ${LABELERS.map((l) => l.id).join(', ')}`);
  return found;
}

/** The responses ordered best first by the labeler (stable: ties keep input order). */
export function rankByLabeler(labeler: Labeler, prompt: string, responses: readonly string[]): string[] {
  const scores = responses.map((r) => labeler.score(prompt, r));
  return responses
    .map((_, i) => i)
    .sort((a, b) => scores[b] - scores[a] || a - b)
    .map((i) => responses[i]);
}

/**
 * A strict ranking for reward-model data: the responses best first with ties the labeler cannot break collapsed to
 * one response per score (the first sampled), since a pair the labeler rates equal teaches the reward model only
 * noise. Fewer than 2 distinct scores give fewer than 2 responses (the prompt has nothing to compare).
 */
export function strictRanking(labeler: Labeler, prompt: string, responses: readonly string[]): string[] {
  const seen = new Set<number>();
  const out: string[] = [];
  for (const r of rankByLabeler(labeler, prompt, responses)) {
    const score = labeler.score(prompt, r);
    if (seen.has(score)) continue;
    seen.add(score);
    out.push(r);
  }
  return out;
}
