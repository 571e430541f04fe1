// Test helper: reads an evaluation task file as the harness will (task headers {"task","template"?,"description"?}
// and items {"input","target","task"?}), checking the format strictly, so the lesson tests can check what the
// generators wrote without depending on the harness. Used by zero-shot.test.ts, in-context.test.ts,
// chain-of-thought.test.ts and make-datasets.test.ts.
import { fill } from './task-file.mjs';

export interface TaskItem { input: string; target: string }
export interface Task { task: string; template: string; description?: string; items: TaskItem[] }

export function readTaskFile(text: string, source: string): Task[] {
  const tasks = new Map<string, Task>();
  const items: [number, TaskItem & { task: string }][] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}:${i + 1}`;
    const o = JSON.parse(line) as Record<string, unknown>;
    const str = (k: string) => {
      if (typeof o[k] !== 'string') throw new Error(`${where}: "${k}" must be a string`);
      return o[k] as string;
    };
    if ('input' in o) {
      const keys = Object.keys(o).sort().join(',');
      if (keys !== 'input,target,task') throw new Error(`${where}: item keys must be input, target, task (got ${keys})`);
      items.push([i + 1, { input: str('input'), target: str('target'), task: str('task') }]);
    } else {
      const name = str('task');
      if (tasks.has(name)) throw new Error(`${where}: task "${name}" has two headers`);
      const template = str('template');
      fill(template, ''); // exactly one {input}
      const extra = Object.keys(o).filter((k) => !['task', 'template', 'description'].includes(k));
      if (extra.length) throw new Error(`${where}: unknown header keys ${extra.join(', ')}`);
      tasks.set(name, { task: name, template, ...(o.description !== undefined ? { description: str('description') } : {}), items: [] });
    }
  });
  for (const [line, { task, input, target }] of items) {
    const t = tasks.get(task);
    if (!t) throw new Error(`${source}:${line}: item of task "${task}", which has no header`);
    t.items.push({ input, target });
  }
  return [...tasks.values()];
}

/** Every character a model reads or writes for the task: description, template text, inputs and targets. */
export function taskChars(tasks: Task[]): Set<string> {
  return new Set(tasks.flatMap((t) => Array.from((t.description ?? '') + t.template.replace('{input}', '') + t.items.map((x) => x.input + x.target).join(''))));
}
