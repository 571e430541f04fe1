// Types for zero-shot.mjs, so its test typechecks.
export const WORD_PAIRS: [string, string][];
export function zeroShotLesson(language: string, seed: number): { corpus: string; tasks: string };
