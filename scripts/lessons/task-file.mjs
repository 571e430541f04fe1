// Writing the lessons' JSONL files: evaluation task files (a header line per task, then its items) and plain
// record files (GPT-1 task heads). The task-file format is the evaluation harness's (src/engine/eval/harness):
//   header {"task", "template"?, "description"?}, item {"input", "target", "task"}; a k-shot prompt is
//   [description + "\n"] + k × (fill(template, demo.input) + demo.target + "\n") + fill(template, item.input).
// Tested by zero-shot.test.ts (and every lesson test that parses the files it writes).

/** The template with `{input}` replaced by `input`; the template must hold `{input}` exactly once. */
export function fill(template, input) {
  const parts = template.split('{input}');
  if (parts.length !== 2) throw new Error(`task-file.mjs: template ${JSON.stringify(template)} must contain {input} exactly once`);
  return parts[0] + input + parts[1];
}

/** One JSON object per line, newline-terminated. */
export function jsonlText(records) {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** tasks: [{task, template, description?, items: [{input, target}]}] → the header of each task followed by its items. */
export function taskFileText(tasks) {
  const lines = [];
  for (const { task, template, description, items } of tasks) {
    fill(template, ''); // validates the template
    lines.push({ task, ...(description ? { description } : {}), template });
    for (const { input, target } of items) lines.push({ input, target, task });
  }
  return jsonlText(lines);
}

/** Lines from `line()` joined by newlines until the text reaches `bytes` UTF-8 bytes. */
export function textOfBytes(bytes, line) {
  const lines = [];
  let size = 0;
  while (size < bytes) {
    const l = line();
    lines.push(l);
    size += Buffer.byteLength(l) + 1;
  }
  return lines.join('\n') + '\n';
}

/** `count` distinct values from `make()`, none in `exclude` (a Set); throws if the generator runs dry. */
export function distinct(count, make, exclude = new Set()) {
  const out = new Set();
  for (let tries = 0; out.size < count; tries++) {
    if (tries > 1000 * count) throw new Error(`task-file.mjs: only ${out.size} distinct values of ${count} after ${tries} tries`);
    const v = make();
    if (!exclude.has(v)) out.add(v);
  }
  return [...out];
}
