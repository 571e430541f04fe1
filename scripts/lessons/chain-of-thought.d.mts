// Types for chain-of-thought.mjs, so its test typechecks.
export const MAX_COUNT: number;
export const COT_TEMPLATES: { direct: string; steps: string };
export const COT_ALPHABETS: Record<'en' | 'zh', { letters: string[]; counts: string[] }>;
export function countingOn(x: number, h: number, language: string): { input: string; answer: string; steps: string };
export function finalAnswer(line: string): string;
export function splitProblems(language: string, seed: number): { train: Array<{ x: number; h: number }>; held: Array<{ x: number; h: number }> };
export function chainOfThoughtLesson(language: string, seed: number): { direct: string; steps: string; directTasks: string; stepsTasks: string };
