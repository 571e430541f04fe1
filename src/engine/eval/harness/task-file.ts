// Task files for the evaluation harness (zero-, one- and few-shot prompting), parsed and checked.
// Format: JSON Lines; each non-blank line is one of
//   an item          {"input": str, "target": str, "choices"?: [str, ...], "task"?: str}
//   a task header    {"task": str, "description"?: str, "template"?: str}            (no "input")
// `task` groups items (default: one task named after the file, e.g. `arith` for arith.jsonl). A header gives the
// description and the prompt template of the items with that task name, wherever it stands in the file.
// A template holds `{input}` exactly once, where an item's input goes; the default "{input}" uses the input as
// written (so an item can carry its own in-context examples). An item with `choices` (two or more, distinct,
// non-empty) is scored by log-likelihood and its `target` must be one of them; an item without is scored by exact
// match of a greedy answer. All items of a task are scored the same way. Targets and choices are appended to the
// prompt exactly as written (write " Paris" if the answer follows a space).
// Every error names the file and the 1-based line: `file:line: what is wrong`. Tested by task-file.test.ts.

import { describe, has, jsonlObjects, stringField, textField, type Json } from '../../data/jsonl';

export type TaskMode = 'exact' | 'choice';

export interface TaskItem {
  input: string;
  target: string;
  /** Present on choice items only. */
  choices?: readonly string[];
  /** Where the item was read, for messages: "tasks.jsonl:12". */
  at: string;
}

export interface Task {
  name: string;
  /** Placed before the demonstrations, followed by a newline. */
  description?: string;
  /** Holds `{input}` exactly once. */
  template: string;
  mode: TaskMode;
  /** In file order. */
  items: TaskItem[];
  /** Where the task's header was read ("tasks.jsonl:1"), if it has one. */
  headerAt?: string;
}

export interface TaskSet {
  source: string;
  /** In order of first appearance (header or item). */
  tasks: Task[];
}

export const INPUT_SLOT = '{input}';
const ITEM_FIELDS = ['input', 'target', 'choices', 'task'];
const HEADER_FIELDS = ['task', 'description', 'template'];


/** The default task name: the file's name without its folder and its .jsonl/.json extension. */
export function defaultTaskName(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? source;
  return base.replace(/\.jsonl?$/i, '') || base;
}

/** Throws `at` + a message unless `template` holds `{input}` exactly once. */
export function checkTemplate(template: string, at: string): void {
  const n = template.split(INPUT_SLOT).length - 1;
  if (n === 0) throw new Error(`${at}template ${JSON.stringify(template)} has no ${INPUT_SLOT}; write ${INPUT_SLOT} where the item's input goes`);
  if (n > 1) throw new Error(`${at}template ${JSON.stringify(template)} has ${INPUT_SLOT} ${n} times; it must appear exactly once`);
}

export function parseTaskFile(text: string, source: string): TaskSet {
  const defaultName = defaultTaskName(source);
  const headers = new Map<string, { description?: string; template?: string; at: string }>();
  const items = new Map<string, TaskItem[]>();
  const order: string[] = [];
  const see = (name: string) => {
    if (!items.has(name)) {
      items.set(name, []);
      order.push(name);
    }
  };
  for (const { obj, at } of jsonlObjects(text, source, { like: '{"input": ..., "target": ...}', noun: 'items' })) {
    if (!has(obj, 'input')) {
      const stray = ['target', 'choices'].find((k) => has(obj, k));
      if (stray) throw new Error(`${at}an item needs "input" (a task header has only ${HEADER_FIELDS.join(', ')})`);
      if (!has(obj, 'task')) throw new Error(`${at}missing field "input" (an item) or "task" (a task header)`);
      checkFields(obj, HEADER_FIELDS, 'a task header', at);
      const name = nameField(obj, at);
      if (headers.has(name)) throw new Error(`${at}a second header for task "${name}" (the first is at ${headers.get(name)!.at.slice(0, -2)}); give one`);
      const header: { description?: string; template?: string; at: string } = { at };
      if (has(obj, 'description')) header.description = textField(obj, 'description', at);
      if (has(obj, 'template')) {
        header.template = stringField(obj, 'template', at);
        checkTemplate(header.template, at);
      }
      headers.set(name, header);
      see(name);
      continue;
    }
    checkFields(obj, ITEM_FIELDS, 'an item', at);
    const name = has(obj, 'task') ? nameField(obj, at) : defaultName;
    const item: TaskItem = { input: textField(obj, 'input', at), target: stringField(obj, 'target', at), at: at.slice(0, -2) };
    if (has(obj, 'choices')) item.choices = choicesField(obj, item.target, at);
    else if (item.target.trim() === '') throw new Error(`${at}empty target${item.target === '' ? '' : ' (only whitespace)'}`);
    see(name);
    items.get(name)!.push(item);
  }
  if (order.every((name) => items.get(name)!.length === 0)) throw new Error(`${source}: no items, only task headers; add lines like {"input": ..., "target": ...}`);
  return { source, tasks: order.map((name) => makeTask(name, items.get(name)!, headers.get(name), source)) };
}

function makeTask(name: string, items: TaskItem[], header: { description?: string; template?: string; at: string } | undefined, source: string): Task {
  if (items.length === 0) {
    throw new Error(`${header!.at}task "${name}" has a header but no items; add items with "task": ${JSON.stringify(name)} or remove the header`);
  }
  const choice = items.find((i) => i.choices);
  const exact = items.find((i) => !i.choices);
  if (choice && exact) {
    throw new Error(`${source}: task "${name}" mixes items with choices (${choice.at}) and without (${exact.at}); give every item of a task choices, or none (or split it into two tasks)`);
  }
  const task: Task = { name, template: header?.template ?? INPUT_SLOT, mode: choice ? 'choice' : 'exact', items };
  if (header?.description !== undefined) task.description = header.description;
  if (header) task.headerAt = header.at.slice(0, -2);
  return task;
}

function choicesField(obj: Json, target: string, at: string): string[] {
  const choices = obj.choices;
  if (!Array.isArray(choices)) throw new Error(`${at}field "choices" must be an array of strings, got ${describe(choices)}`);
  choices.forEach((c, i) => {
    if (typeof c !== 'string') throw new Error(`${at}"choices"[${i}] must be a string, got ${describe(c)}`);
    if (c === '') throw new Error(`${at}"choices"[${i}] is empty; every choice needs at least one character`);
    const first = choices.indexOf(c);
    if (first < i) throw new Error(`${at}"choices"[${i}] repeats "choices"[${first}] (${JSON.stringify(c)}); choices must differ`);
  });
  if (choices.length < 2) throw new Error(`${at}needs at least 2 choices, got ${choices.length}`);
  if (!choices.includes(target)) {
    throw new Error(`${at}target ${JSON.stringify(target)} is not among the choices ${JSON.stringify(choices)}; the target must be one of them, written the same way`);
  }
  return choices as string[];
}

function checkFields(obj: Json, allowed: readonly string[], what: string, at: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new Error(`${at}unknown field "${k}" in ${what} (its fields: ${allowed.join(', ')})`);
  }
}

function nameField(obj: Json, at: string): string {
  return textField(obj, 'task', at);
}
