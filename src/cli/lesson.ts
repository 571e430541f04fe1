// `npm run lesson -- --id ID [--lang en|zh] [--steps N] [--seed S] [--items N] [--head-steps N] [--json]`: runs one
// of the lessons from the GPT papers (gpt1-heads, zero-shot, in-context, chain-of-thought) exactly as the lab does —
// the same recipe, bundled data and evaluations — printing each evaluation as it is measured (for chain of thought
// also what each model wrote, one "sample" per task) and, at the end, what the lesson measured. With --json: one
// JSON object per line ({"event": ...} lines, then {"summary": ...}).
// Tested by lesson.test.ts.

import { LESSON_IDS, lessonSpec, type LessonId, type LessonLanguage } from '../engine/lessons/lesson-spec';
import { summarizeLesson } from '../engine/lessons/lesson-summary';
import { runLesson, type LessonEvent } from '../engine/lessons/run-lesson';
import { decodeCorpus } from '../engine/data/corpus';
import { datasetInfo, datasetPath } from '../engine/data/datasets';
import { join } from 'node:path';
import { emit, parseArgs, runMain } from './args';
import { projectRoot, readBytes } from './load-data';
import { nodeGpu } from './node-gpu';

runMain(async () => {
  const a = parseArgs(process.argv.slice(2), {
    id: { kind: 'string', help: `lesson: ${LESSON_IDS.join(', ')}` },
    lang: { kind: 'string', help: 'language of the lesson data: en (default) or zh' },
    steps: { kind: 'int', help: 'pretraining steps per model (default: the lesson\'s)', min: 1, max: 1_000_000 },
    seed: { kind: 'int', help: 'random seed (default 1337)', min: 0 },
    items: { kind: 'int', help: 'held-out items per task at each evaluation (default: the lesson\'s)', min: 1 },
    'head-steps': { kind: 'int', help: 'gpt1-heads: fine-tuning steps per λ (default 150)', min: 1, max: 1_000_000 },
    json: { kind: 'flag', help: 'one JSON object per output line' },
  }, 'npm run lesson -- --id in-context [--lang zh] [--steps 600]');
  const id = String(a.id ?? '');
  if (!(LESSON_IDS as readonly string[]).includes(id)) throw new Error(`give --id, one of ${LESSON_IDS.join(', ')}${id ? ` (got "${id}")` : ''}`);
  const lang = String(a.lang ?? 'en');
  if (lang !== 'en' && lang !== 'zh') throw new Error(`--lang must be en or zh (got "${lang}")`);
  const spec = lessonSpec(id as LessonId, lang as LessonLanguage, { steps: a.steps as number | undefined, seed: a.seed as number | undefined, items: a.items as number | undefined, headSteps: a['head-steps'] as number | undefined });
  const json = Boolean(a.json);
  const gpu = await nodeGpu();
  const events: LessonEvent[] = [];
  const load = async (name: string) => {
    datasetInfo(name); // names the known datasets when the lesson asks for a missing one
    return decodeCorpus(readBytes(join(projectRoot(), 'public', datasetPath(name))), name);
  };
  await runLesson(gpu.ctx, spec, {
    load,
    onEvent: (e) => {
      events.push(e);
      print(e, json);
    },
  });
  const summary = summarizeLesson(spec.id, events);
  if (json) emit(true, { summary });
  else for (const line of summary.lines) console.log(line);
});

function print(e: LessonEvent, json: boolean): void {
  if (e.type === 'step') return;
  if (e.type === 'phase') return emit(json, { event: 'phase', run: e.run, phase: e.phase, data: e.label, steps: e.steps });
  if (e.type === 'eval') {
    for (const r of e.results) emit(json, { event: 'eval', run: e.run, step: e.step, task: r.task, shots: r.shots, accuracy: r.accuracy, n: r.n, lo: r.lo, hi: r.hi });
    return;
  }
  if (e.type === 'heads') return emit(json, { event: 'heads', run: e.run, lambda: e.lambda, step: e.step, accuracy: e.accuracy, n: e.n, chance: e.chance });
  if (e.type === 'samples') {
    for (const s of e.samples) emit(json, { event: 'sample', run: e.run, step: e.step, task: s.task, prompt: s.prompt, answer: s.answer, target: s.target, correct: s.correct });
    return;
  }
  const b = e.scores.best;
  emit(json, { event: 'induction', run: e.run, step: e.step, layer: b.layer + 1, head: b.head + 1, score: b.score, scores: json ? e.scores.scores : e.scores.scores.map((r) => r.map((x) => x.toFixed(2)).join(' ')).join(' | ') });
}
