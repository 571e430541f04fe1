// Types for zero-shot.mjs, so its test typechecks.
export function zeroShotLesson(language: string, seed: number): { corpus: string; tasks: string };
