// GPT-1 fine-tuning with a task head (Radford et al. 2018, §3.2): a language model's trunk, the inputs transformed
// into START … EXTRACT sequences (tasks/transforms.ts), and a linear head on the final hidden state (ln_f output)
// at each EXTRACT token — `score` (K = classes, no bias) for classification, entailment and similarity (whose two
// orderings' outputs are added), `multiple_choice_head.summary` (one score and a bias) for multiple choice,
// softmaxed across the choices. Objective L3 = L2 + λ·L1: L2 the task loss (task-loss kernel, METRIC.taskLoss), L1
// the mean LM loss over every real target of every sequence in the batch through the tied LM head, whose weights
// λ/targets make the LM head's weighted sum (METRIC.loss) λ·L1; both add into the trunk's output gradient, in one
// command encoder per step. The step loss reported is L3 = metrics[taskLoss] + metrics[loss], added on the host
// when the step's metrics arrive (divergence is checked on the task loss and the gradient norm). With λ = 0 the
// model has no LM head at all. Held-out figures: task accuracy and loss on the last records (splitHeldOut).
// Tested by task-heads-vs-pytorch.test.ts (PyTorch fixtures) and task-heads.test.ts (training, checkpoints).

import type { ModelConfig, TrainConfig } from '../config';
import { DEFAULT_TRAIN } from '../config';
import type { GpuContext } from '../../kernels/runtime/context';
import { allocTaskLossTensors, packTaskTerms, taskLoss, writeTaskTerms, type TaskLossLimits, type TaskLossTensors } from '../../kernels/taskloss/taskloss';
import { encodeCheckpoint, expectLanguageModel, headsOf, taskArchitecture, withSpecialTokens, type Gpt2Checkpoint, type TaskHeadInfo } from '../checkpoint/gpt2-checkpoint';
import type { CharTokenizer } from '../data/tokenizer';
import { checkMemoryBudget } from '../model/activations';
import { GPT, METRIC } from '../model/gpt';
import type { HeadDef } from '../model/params';
import { Rng } from '../rng';
import { chunkTaskExamples, packTaskBatch, takeTaskExamples } from '../tasks/task-batch';
import { taskKindOf, taskLabels, type TaskInput, type TaskKind, type TaskRecord } from '../tasks/task-records';
import { predictTerms, taskFigures, type TaskPrediction } from '../tasks/task-scores';
import { encodeTaskInputs, TASK_SPECIALS, type TaskExample } from '../tasks/transforms';
import { OptimizerLoop, type StepMetrics } from '../train/optimizer-loop';
import { LoopTrainer } from '../train/loop-trainer';
import { ExampleOrder, splitHeldOut } from './example-order';

/** GPT-1 fine-tuned with λ = 0.5 (and found the auxiliary LM loss helped on the larger datasets). */
export const DEFAULT_TASK_LAMBDA = 0.5;

/** Fine-tuning the tiny preset: batch = sequences per step (whole examples are packed). */
export const TASK_TRAIN: TrainConfig = { ...DEFAULT_TRAIN, steps: 100, lr: 1e-3, batchSize: 16, warmupSteps: 10, evalEvery: 25 };

/** std of a new head's weights (HF initializer_range); a bias starts at 0. */
const HEAD_INIT_STD = 0.02;

export interface TaskHeadOptions {
  /** The language model to fine-tune (START, DELIM and EXTRACT are added to its vocabulary if it lacks them). */
  init: Gpt2Checkpoint;
  /** Records of one kind; the classes are the sorted distinct labels of all of them. */
  records: readonly TaskRecord[];
  /** Names the data in error messages (file or dataset id). */
  source: string;
  train: TrainConfig;
  /** λ in L3 = L2 + λ·L1 (>= 0; 0 trains on the task loss alone). */
  lambda: number;
  maxInFlight?: number;
  /** Share of the records held out (the last ones). */
  valFraction?: number;
}

export interface TaskEval {
  accuracy: number;
  /** Mean task loss (L2) over the held-out examples. */
  loss: number;
  n: number;
  predictions: TaskPrediction[];
}

/** The latest step's parts of L3 and its task accuracy on the training batch. */
export interface TaskStepFigures {
  taskLoss: number;
  /** L1 (the LM loss without λ); NaN when λ = 0 (no LM head). */
  lmLoss: number;
  accuracy: number;
  /** Examples in the step's batch. */
  examples: number;
}

export class TaskHeadTrainer extends LoopTrainer {
  readonly stage = 'task-heads';
  readonly model: GPT;
  readonly cfg: ModelConfig;
  readonly tokenizer: CharTokenizer;
  readonly train: TrainConfig;
  readonly loop: OptimizerLoop;
  readonly lambda: number;
  readonly task: TaskHeadInfo;
  readonly head: HeadDef;
  /** Head outputs per sequence (classes, or 1 for multiple choice). */
  readonly K: number;
  readonly trainExamples: TaskExample[];
  readonly valExamples: TaskExample[];
  private readonly ctx: GpuContext;
  private readonly order: ExampleOrder;
  private readonly pending: TaskExample[] = [];
  private readonly limits: TaskLossLimits;
  private readonly terms: TaskLossTensors;
  private listener: ((m: StepMetrics) => void) | undefined;
  private latest: TaskStepFigures = { taskLoss: NaN, lmLoss: NaN, accuracy: NaN, examples: 0 };
  /** Examples packed into each submitted step whose metrics have not arrived yet. */
  private readonly examplesInFlight = new Map<number, number>();

  constructor(ctx: GpuContext, opts: TaskHeadOptions) {
    super();
    if (!(opts.lambda >= 0) || !Number.isFinite(opts.lambda)) throw new Error(`finetune: lambda must be a number >= 0 (got ${opts.lambda})`);
    expectLanguageModel(opts.init, 'the starting checkpoint');
    const kind = taskKindOf(opts.records, opts.source);
    const labels = taskLabels(opts.records, opts.source);
    const init = withSpecialTokens(opts.init, TASK_SPECIALS);
    this.ctx = ctx;
    this.cfg = init.config;
    this.tokenizer = init.tokenizer;
    this.train = opts.train;
    this.lambda = opts.lambda;
    this.task = { kind, labels };
    [this.head] = headsOf(taskArchitecture(kind), this.task);
    this.K = this.head.outputs ?? 1;
    const B = opts.train.batchSize;
    const T = this.cfg.blockSize;
    const ids = opts.records.map((r) => (r.kind === 'multiple_choice' ? r.label : labels.indexOf(r.label)));
    const examples = encodeTaskInputs(this.tokenizer, opts.records, ids, T, B, opts.source);
    const { train, val } = splitHeldOut(examples, opts.valFraction ?? 0.1, opts.source);
    this.trainExamples = train;
    this.valExamples = val;
    this.order = new ExampleOrder(train.length, opts.train.seed);
    const modelOpts = { training: true, lmHead: this.lambda > 0, scalarHeads: [{ ...this.head, rows: B }] };
    checkMemoryBudget([{ name: `${kind} model`, bytes: GPT.plan(ctx.limits, this.cfg, B, T, modelOpts).memory.totalBytes }]);
    this.model = new GPT(ctx, this.cfg, B, T, modelOpts);
    try {
      this.model.loadParams(this.initialParams(init, opts.train.seed));
      // Every sequence is in at most one example and each head value feeds one class: B·K bounds classes and terms.
      this.limits = { maxExamples: B, maxClasses: B * this.K, maxTerms: B * this.K };
      this.terms = allocTaskLossTensors(ctx, this.limits);
      const h = this.model.head(this.head.name);
      const lossPlan = taskLoss(ctx, this.model.metrics, METRIC.taskLoss, h.dvalues, h.values, this.terms, B * this.K, this.limits);
      this.loop = new OptimizerLoop(ctx, this.model, opts.train, {
        maxInFlight: opts.maxInFlight, tokensPerStep: B * T, lossPlan, lossSlot: METRIC.taskLoss,
        onValues: (step, v) => {
          const examples = this.examplesInFlight.get(step) ?? 0;
          this.examplesInFlight.delete(step);
          this.latest = { taskLoss: v[METRIC.taskLoss], lmLoss: this.lambda > 0 ? v[METRIC.loss] / this.lambda : NaN, accuracy: v[METRIC.taskAccuracy], examples };
        },
      });
      // The loop delivers a step's values (onValues) just before its StepMetrics: `loss` becomes L3 there.
      this.loop.onStep = (m) => this.listener?.({ ...m, loss: this.latest.taskLoss + (this.lambda > 0 ? this.lambda * this.latest.lmLoss : 0), accuracy: this.latest.accuracy });
    } catch (e) {
      this.model.destroy();
      throw e;
    }
  }

  /** The step callback sees L3 as `loss` and the task accuracy on the batch as `accuracy`. */
  override get onStep(): ((m: StepMetrics) => void) | undefined {
    return this.listener;
  }

  override set onStep(f: ((m: StepMetrics) => void) | undefined) {
    this.listener = f;
  }

  /** The task loss, LM loss and batch accuracy of the step the callback is reporting (the latest delivered). */
  get stepFigures(): TaskStepFigures {
    return this.latest;
  }

  /** The checkpoint's trunk in this model's layout; the head N(0, 0.02), its bias 0. */
  private initialParams(init: Gpt2Checkpoint, seed: number): Float32Array {
    const layout = this.model.layout;
    const flat = new Float32Array(layout.total);
    const rng = new Rng(seed ^ 0x7a5c);
    for (const s of layout.specs) {
      const from = init.layout.specs.find((o) => o.name === s.name);
      if (from) flat.set(init.flat.subarray(from.offset, from.offset + from.length), s.offset);
      else if (s.shape.length === 2) for (let i = 0; i < s.length; i++) flat[s.offset + i] = rng.normal() * HEAD_INIT_STD;
    }
    return flat;
  }

  get kind(): TaskKind {
    return this.task.kind;
  }

  /** 1/classes, or the mean of 1/choices over the held-out examples: what guessing scores. */
  get chance(): number {
    if (this.kind !== 'multiple_choice') return 1 / this.K;
    return this.valExamples.reduce((a, ex) => a + 1 / ex.seqs.length, 0) / this.valExamples.length;
  }

  private nextExamples(): TaskExample[] {
    return takeTaskExamples(() => this.trainExamples[this.order.next()], this.pending, this.train.batchSize);
  }

  async step(): Promise<void> {
    await this.loop.step((t) => {
      const B = this.train.batchSize;
      const examples = this.nextExamples();
      const b = packTaskBatch(examples, this.kind, this.K, B, this.cfg.blockSize, this.lambda);
      if (this.model.lm) this.model.setBatch(b.inputs, b.targets, b.weights, true);
      else this.model.setInputs(b.inputs);
      this.model.head(this.head.name).setRows(b.rows);
      writeTaskTerms(this.ctx, this.terms, packTaskTerms(b.examples, B * this.K, this.limits));
      this.examplesInFlight.set(t, examples.length);
    });
  }

  restore(step: number, params: Float32Array, m: Float32Array, v: Float32Array): void {
    this.loop.restore(step, params, m, v);
    for (let i = 0; i < step; i++) this.nextExamples();
  }

  /** Predictions for encoded examples with the current parameters (trunk and head forward only). */
  private async predictExamples(examples: readonly TaskExample[]): Promise<TaskPrediction[]> {
    await this.loop.flush();
    const B = this.train.batchSize;
    const h = this.model.head(this.head.name);
    const out: TaskPrediction[] = [];
    for (const chunk of chunkTaskExamples(examples, B)) {
      const b = packTaskBatch(chunk, this.kind, this.K, B, this.cfg.blockSize, 0);
      this.model.setInputs(b.inputs);
      h.setRows(b.rows);
      this.ctx.run([...this.model.trunkForward, ...h.forward], 'task predict');
      const values = await this.ctx.read(h.values);
      for (const ex of b.examples) out.push(predictTerms(values, ex));
    }
    return out;
  }

  /** Held-out accuracy and task loss, with every example's prediction. */
  async evaluate(): Promise<TaskEval> {
    const predictions = await this.predictExamples(this.valExamples);
    return { ...taskFigures(predictions), predictions };
  }

  /** Predictions for any inputs of this task's kind (labels, if the records carry them, are kept for scoring). */
  async predict(inputs: readonly (TaskInput | TaskRecord)[], source = 'predict'): Promise<TaskPrediction[]> {
    if (inputs.length === 0) return [];
    const kind = taskKindOf(inputs, source);
    if (kind !== this.kind) throw new Error(`${source}: ${kind} inputs given to a ${this.kind} model`);
    const ids = inputs.map((r) => ('label' in r ? (r.kind === 'multiple_choice' ? r.label : this.task.labels.indexOf(r.label)) : -1));
    return this.predictExamples(encodeTaskInputs(this.tokenizer, inputs, ids, this.cfg.blockSize, this.train.batchSize, source));
  }

  encode(flat: Float32Array): Uint8Array {
    return encodeCheckpoint(this.cfg, this.tokenizer, flat, { task: this.task }, this.model.layout);
  }

  destroy(): void {
    this.loop.destroy();
    this.model.destroy();
  }
}
