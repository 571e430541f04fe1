// Types for chain-of-thought.mjs, so its test typechecks.
export const COT_TEMPLATES: { direct: string; steps: { en: string; zh: string } };
export function carries(a: number, b: number, width: number): number;
export function workedSteps(a: number, b: number, width: number, language: string): string;
export function finalAnswer(line: string): string;
export function chainOfThoughtLesson(language: string, seed: number): { direct: string; steps: string; directTasks: string; stepsTasks: string };
