// Types for in-context.mjs, so its test typechecks.
export const ICL_TEMPLATE: string;
export const ICL_SYMBOLS: Record<'en' | 'zh', { symbols: string[]; labels: string[] }>;
export function inContextLesson(language: string, seed: number): { corpus: string; tasks: string };
