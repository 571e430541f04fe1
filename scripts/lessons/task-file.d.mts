// Types for task-file.mjs, so the lesson tests typecheck.
export function fill(template: string, input: string): string;
export function jsonlText(records: object[]): string;
export function taskFileText(tasks: { task: string; template: string; description?: string; items: { input: string; target: string }[] }[]): string;
export function textOfBytes(bytes: number, line: () => string): string;
export function distinct<T>(count: number, make: () => T, exclude?: Set<T>): T[];
