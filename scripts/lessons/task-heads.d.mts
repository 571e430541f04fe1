// Types for task-heads.mjs, so its test typechecks.
export type TaskHeadKind = 'classification' | 'entailment' | 'similarity' | 'multiple-choice';
export const MAX_TOKENS: number;
export const RECORDS: Record<TaskHeadKind, number>;
export const LABELS: Record<TaskHeadKind, { en: (string | number)[]; zh: (string | number)[] }>;
export function recordTokens(record: Record<string, unknown>): number;
export function taskHeadRecords(kind: string, language: string, seed: number): string;
