// GPT-1 fine-tuning objective L3 = L2 + λ·L1 on the GPU against PyTorch fixtures (scripts/fixtures/task_fixtures.py),
// for each input transform: the texts go through transforms.ts and task-batch.ts (which must rebuild the fixture's
// token rows exactly), then the trunk, the task head at the extract tokens, the task-loss kernel and the tied LM
// head run as one step's plan; checked: class logits, L2, λ·L1, L3, batch accuracy and every gradient (trunk and
// head). With λ = 0 (no LM head) the task loss and the head's gradient are unchanged (L1 does not reach the head).
// Tolerances as stages-vs-pytorch.test.ts: f32 on both sides, different summation orders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packTaskTerms, taskLoss, writeTaskTerms, allocTaskLossTensors } from '../../kernels/taskloss/taskloss';
import { expectClose, noGpuErrors, testCtx } from '../../test/gpu';
import { headsOf, taskArchitecture } from '../checkpoint/gpt2-checkpoint';
import { readSafetensors } from '../checkpoint/safetensors';
import type { ModelConfig } from '../config';
import { CharTokenizer } from '../data/tokenizer';
import { expectTensorsClose } from '../fixtures/load-fixture';
import { GPT, METRIC } from '../model/gpt';
import { paramLayout } from '../model/params';
import { packTaskBatch } from '../tasks/task-batch';
import type { TaskInput, TaskKind } from '../tasks/task-records';
import { predictTerms } from '../tasks/task-scores';
import { TASK_SPECIALS, transformInput } from '../tasks/transforms';

const DIR = join('src', 'engine', 'fixtures');
/** Text token ids 0..7 are these characters; 8, 9, 10 are START, DELIM, EXTRACT (the fixture's special ids). */
const CHARS = 'abcdefgh';
const tokenizer = CharTokenizer.fromVocab([...CHARS], TASK_SPECIALS);

interface TaskFixtureJson {
  config: { n_layer: number; n_head: number; n_embd: number; n_positions: number; vocab_size: number };
  kind: TaskKind;
  B: number;
  T: number;
  num_labels: number | null;
  special: { start: number; delim: number; extract: number };
  lambda: number;
  examples: Array<{ texts: number[][]; label: number }>;
  tokens: number[][];
  lengths: number[];
  rows: number[][];
  logits: number[][];
  loss_task: number;
  loss_lm: number;
  loss: number;
  accuracy: number;
}

function inputOf(kind: TaskKind, texts: string[]): TaskInput {
  switch (kind) {
    case 'classification':
      return { kind, text: texts[0] };
    case 'entailment':
      return { kind, premise: texts[0], hypothesis: texts[1] };
    case 'similarity':
      return { kind, textA: texts[0], textB: texts[1] };
    case 'multiple_choice':
      return { kind, context: texts[0], choices: texts.slice(1) };
  }
}

function loadTaskFixture(kind: TaskKind) {
  const name = `gpt2-tiny-task-${kind.replace('_', '-')}`;
  const json = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as TaskFixtureJson;
  const c = json.config;
  const cfg: ModelConfig = { nLayer: c.n_layer, nHead: c.n_head, nEmbd: c.n_embd, blockSize: c.n_positions, vocabSize: c.vocab_size };
  const tensors = (file: string) => readSafetensors(new Uint8Array(readFileSync(join(DIR, file)))).tensors;
  return { json, cfg, trunk: tensors('gpt2-tiny.params.safetensors'), head: tensors(`${name}.params.safetensors`), grads: tensors(`${name}.grads.safetensors`) };
}

/** The named tensors of `files` in `layout`'s flat order; every spec must be found. */
function flatFrom(layout: ReturnType<typeof paramLayout>, ...files: Array<Map<string, { data: Float32Array }>>): Float32Array {
  const flat = new Float32Array(layout.total);
  for (const s of layout.specs) {
    const t = files.map((f) => f.get(s.name)).find((x) => x);
    if (!t || t.data.length !== s.length) throw new Error(`fixture: bad or missing ${s.name}`);
    flat.set(t.data, s.offset);
  }
  return flat;
}

async function runStep(model: GPT, plan: Parameters<GPT['ctx']['encode']>[1]): Promise<void> {
  const ctx = model.ctx;
  await noGpuErrors(ctx, async () => {
    const enc = ctx.device.createCommandEncoder();
    model.zeroGrads(enc);
    ctx.encode(enc, [...model.forward, ...plan, ...model.backward]);
    ctx.device.queue.submit([enc.finish()]);
    await ctx.sync();
  });
}

describe('GPT-1 task heads vs PyTorch fixtures', () => {
  for (const kind of ['classification', 'entailment', 'similarity', 'multiple_choice'] as const) {
    it(`${kind}: transform, L3 = L2 + λ·L1, logits, accuracy and every gradient`, async () => {
      const { json, cfg, trunk, head, grads } = loadTaskFixture(kind);
      const { B, T } = json;
      expect([tokenizer.specialId(TASK_SPECIALS[0]), tokenizer.specialId(TASK_SPECIALS[1]), tokenizer.specialId(TASK_SPECIALS[2])]).toEqual([json.special.start, json.special.delim, json.special.extract]);
      const examples = json.examples.map((ex) => ({ seqs: transformInput(tokenizer, inputOf(kind, ex.texts.map((ids) => ids.map((i) => CHARS[i]).join('')))), label: ex.label }));
      const [def] = headsOf(taskArchitecture(kind), { kind, labels: kind === 'multiple_choice' ? [] : Array.from({ length: json.num_labels! }, (_, i) => `c${i}`) });
      const K = def.outputs ?? 1;
      const batch = packTaskBatch(examples, kind, K, B, T, json.lambda);
      expect(Array.from(batch.inputs)).toEqual(json.tokens.flat());
      expect(Array.from(batch.rows.subarray(0, batch.sequences))).toEqual(json.rows.flat().map((r) => r * T + json.lengths[r] - 1));

      const ctx = await testCtx();
      const limits = { maxExamples: B, maxClasses: B * K, maxTerms: B * K };
      const terms = allocTaskLossTensors(ctx, limits);
      const results: Array<{ lambda: number; loss: number; lm: number; accuracy: number; logits: number[][]; grads: Float32Array; layout: ReturnType<typeof paramLayout> }> = [];
      for (const lambda of [json.lambda, 0]) {
        const model = new GPT(ctx, cfg, B, T, { training: true, lmHead: lambda > 0, scalarHeads: [{ ...def, rows: B }] });
        model.loadParams(flatFrom(model.layout, trunk, head));
        const b = packTaskBatch(examples, kind, K, B, T, lambda);
        if (lambda > 0) model.setBatch(b.inputs, b.targets, b.weights, true);
        else model.setInputs(b.inputs);
        const h = model.head(def.name);
        h.setRows(b.rows);
        writeTaskTerms(ctx, terms, packTaskTerms(b.examples, B * K, limits));
        await runStep(model, taskLoss(ctx, model.metrics, METRIC.taskLoss, h.dvalues, h.values, terms, B * K, limits));
        const m = await ctx.read(model.metrics);
        const values = await ctx.read(h.values);
        results.push({ lambda, loss: m[METRIC.taskLoss], lm: lambda > 0 ? m[METRIC.loss] : 0, accuracy: m[METRIC.taskAccuracy], logits: b.examples.map((ex) => predictTerms(values, ex).logits), grads: await ctx.read(model.grads!.all), layout: model.layout });
        model.destroy();
      }
      const [full, plain] = results;
      expectClose(full.logits.flat(), json.logits.flat(), { atol: 2e-5, rtol: 1e-4 }, `${kind} logits`);
      expectClose([full.loss, full.lm, full.loss + full.lm, full.accuracy], [json.loss_task, json.lambda * json.loss_lm, json.loss, json.accuracy], { atol: 2e-5, rtol: 1e-4 }, `${kind} L2, λ·L1, L3, accuracy`);
      const want = flatFrom(full.layout, grads);
      // ln_f.bias: in multiple choice its task gradient is exactly 0 (a shift of every choice's state shifts every
      // score alike), leaving rounding noise of ~1e-8 beside the LM part; an absolute floor of 1e-6 covers it.
      expectTensorsClose(full.grads, want, full.layout, 2e-4, `${kind} grad`, 1e-6);
      expectClose([plain.loss, plain.accuracy], [json.loss_task, json.accuracy], { atol: 2e-5, rtol: 1e-4 }, `${kind} λ = 0: L2, accuracy`);
      for (const s of plain.layout.specs.filter((x) => x.group === def.name)) {
        const w = want.subarray(full.layout.specs.find((x) => x.name === s.name)!.offset, undefined).subarray(0, s.length);
        expectClose(plain.grads.subarray(s.offset, s.offset + s.length), w, { atol: 1e-5, rtol: 1e-4 }, `${kind} λ = 0: ${s.name} grad`);
      }
    });
  }
});
