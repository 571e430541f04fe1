// One run inside the trainer worker, for any stage (lab-stages.ts says what differs): drives its trainer (run /
// pause / step), validates and snapshots at every `evalEvery` step and at the end, runs the probes every `every`
// steps and whenever training stops, and turns all of it into the TrainerEvent stream of protocol.ts. GPU
// readbacks happen only between steps.
// Tested by trainer-api.test.ts on the Node WebGPU adapter.

import * as Comlink from 'comlink';
import { readPrefixes } from '../engine/gpu/read-back';
import { labErrorInfo } from '../engine/errors';
import { ProbeRunner } from '../engine/probes/probe-runner';
import { TrainingDivergedError } from '../engine/train/optimizer-loop';
import type { GpuContext } from '../kernels/runtime/context';
import type { LabStage, LabTrainer } from './lab-stages';
import type { ProbeSettings, RunState, SavedState, TrainerEvent } from './protocol';
import { StepRows } from './step-rows';

/** Resolves after messages already queued for the worker (pause, setProbes) were handled. A MessageChannel
 *  round trip is a task without setTimeout's 4 ms clamping of nested timers, so it can run after every step. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class LabRun {
  readonly trainer: LabTrainer;
  readonly stage: LabStage;
  private readonly ctx: GpuContext;
  private readonly onEvent: (e: TrainerEvent) => void;
  private readonly probeRunner: ProbeRunner;
  private readonly rows = new StepRows();
  private probes: ProbeSettings;
  /** The run() loop or step() in progress; at most one at a time. */
  private active: { kind: 'run' | 'step'; done: Promise<void> } | undefined;
  /** Probe work (it reuses B=1 models) is serialized through this chain, which never rejects. */
  private probeChain: Promise<unknown> = Promise.resolve();
  private stopRequested = false;
  private failed = false;
  private disposed = false;
  private freed: Promise<void> = Promise.resolve();
  private lastProbeStep = -1;
  private lastSavedStep: number;

  constructor(ctx: GpuContext, stage: LabStage, onEvent: (e: TrainerEvent) => void, probes: ProbeSettings) {
    const trainer = stage.trainer;
    this.ctx = ctx;
    this.stage = stage;
    this.trainer = trainer;
    this.onEvent = onEvent;
    this.probes = probes;
    this.probeRunner = new ProbeRunner(trainer.model, trainer.tokenizer);
    // A resumed run's state at its first step is the snapshot it was resumed from.
    this.lastSavedStep = trainer.stepsTaken;
    trainer.onStep = (m) => {
      this.rows.push(m);
      if (this.rows.due) this.sendRows();
    };
    for (const e of stage.initialEvents()) this.emit(e);
  }

  /** Trains until train.steps or pause(); resolves when stopped. Joins a run already going; after a step or a
   *  pausing run has finished. (Each check and start happen in one continuation, so two calls never both start.) */
  async run(): Promise<void> {
    for (;;) {
      if (this.active?.kind === 'run' && !this.stopRequested) return this.active.done;
      if (!this.active) return this.start('run', () => this.trainLoop());
      await this.active.done;
    }
  }

  pause(): void {
    this.stopRequested = true;
  }

  /** One step, then probes and a snapshot; ignored while run() is training. */
  async step(): Promise<void> {
    for (;;) {
      if (this.active?.kind === 'run' && !this.stopRequested) return;
      if (!this.active) return this.start('step', () => this.oneStep());
      await this.active.done;
    }
  }

  setProbes(p: ProbeSettings): void {
    this.probes = p;
  }

  /** Probes with the current parameters (between steps when training): embedding, activations, attention, sample. */
  probe(): Promise<void> {
    const work = this.probeChain.then(async () => {
      await this.syncMetrics();
      const step = this.trainer.stepsTaken;
      const p = this.probes;
      const { embedding, activations, attention } = await this.probeRunner.run(p.probeText, step);
      this.emit({ type: 'embedding', view: embedding }, [embedding.xy.buffer, embedding.neighbours.buffer, embedding.similarity.buffer]);
      this.emit({ type: 'activations', view: activations }, [activations.residual.buffer, activations.stats.buffer, activations.histogram.buffer]);
      this.emit({ type: 'attention', view: attention }, [attention.weights.buffer]);
      for (const view of await this.stage.samples(p, step)) this.emit({ type: 'sample', view });
      this.lastProbeStep = step;
    });
    this.probeChain = work.catch(() => undefined);
    return work;
  }

  /**
   * Parameters, AdamW moments and step as of the last submitted step: the three copies go into one submission
   * before anything else can be queued, so the snapshot is consistent even while training.
   */
  async saveState(): Promise<SavedState> {
    const t = this.trainer;
    const step = t.stepsTaken;
    const { m: tm, v: tv } = t.loop.optimizer;
    const [params, m, v] = await readPrefixes(this.ctx, [t.model.params.all, tm, tv].map((tensor) => ({ tensor, length: tensor.length })));
    return { stage: this.stage.stage, step, checkpoint: t.encode(params), m, v, ...this.stage.snapshotExtras?.(params) };
  }

  /** The current weights as the stage's checkpoint (between steps). */
  async exportCheckpoint(): Promise<Uint8Array> {
    await this.trainer.flush();
    return this.stage.exportCheckpoint(await this.trainer.model.readParams());
  }

  /** Stops with `{type:'error'}` and state 'error' (once); used for exceptions and device loss. */
  fail(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.stopRequested = true;
    this.sendRows();
    const step = e instanceof TrainingDivergedError ? e.step : this.trainer.stepsTaken;
    this.emit({ type: 'error', message: errorMessage(e), step, ...labErrorInfo(e) });
    this.emit({ type: 'state', state: 'error', step });
  }

  /** Stops emitting, then frees the run's GPU buffers once the step or probe in progress has finished; resolves
   *  when they are freed (so the next run allocates only after this one let go). */
  dispose(): Promise<void> {
    if (this.disposed) return this.freed;
    this.disposed = true;
    this.stopRequested = true;
    this.freed = (async () => {
      await this.idle();
      await this.probeChain;
      this.probeRunner.destroy();
      this.trainer.destroy();
    })();
    return this.freed;
  }

  private async trainLoop(): Promise<void> {
    const t = this.trainer;
    this.stopRequested = this.failed || this.disposed;
    if (!this.stopRequested && t.stepsTaken < t.train.steps) this.state('running');
    while (!this.stopRequested && t.stepsTaken < t.train.steps) {
      await t.step();
      await this.afterStep();
      await yieldToEventLoop();
    }
    await this.settle();
  }

  private async oneStep(): Promise<void> {
    const t = this.trainer;
    if (t.stepsTaken < t.train.steps) {
      await t.step();
      await this.afterStep();
    }
    await this.settle();
  }

  private start(kind: 'run' | 'step', body: () => Promise<void>): Promise<void> {
    const done: Promise<void> = body()
      .catch((e: unknown) => this.fail(e))
      .finally(() => {
        if (this.active?.done === done) this.active = undefined;
      });
    this.active = { kind, done };
    return done;
  }

  private async idle(): Promise<void> {
    while (this.active) await this.active.done;
  }

  private async afterStep(): Promise<void> {
    for (const e of this.stage.afterStep?.() ?? []) this.emit(e);
    const s = this.trainer.stepsTaken;
    const { evalEvery, steps } = this.trainer.train;
    if ((evalEvery > 0 && s % evalEvery === 0) || s === steps) await this.validate();
    if (this.probes.every > 0 && s % this.probes.every === 0) await this.probe();
  }

  /** Training stopped (done, paused, one step taken): probes and a snapshot at this step unless sent, then the state. */
  private async settle(): Promise<void> {
    if (this.failed || this.disposed) return;
    await this.syncMetrics();
    const t = this.trainer;
    if (this.lastProbeStep !== t.stepsTaken) await this.probe();
    if (this.lastSavedStep !== t.stepsTaken) this.emitSaved(await this.saveState());
    this.state(t.stepsTaken >= t.train.steps ? 'done' : 'paused');
  }

  /** Waits for the metrics of every step submitted so far, sends them, and throws if a loss was not finite. */
  private async syncMetrics(): Promise<void> {
    await this.trainer.flush();
    this.sendRows();
    this.trainer.throwIfDiverged();
  }

  private async validate(): Promise<void> {
    await this.syncMetrics();
    for (const e of await this.stage.validate()) this.emit(e, e.type === 'rewardEval' ? [e.view.gaps.buffer] : []);
    this.emitSaved(await this.saveState());
  }

  private emitSaved(state: SavedState): void {
    this.lastSavedStep = state.step;
    this.emit({ type: 'saved', state }, [state.checkpoint.buffer, state.m.buffer, state.v.buffer, ...(state.ppo ? [state.ppo.params.buffer] : [])]);
  }

  private sendRows(): void {
    const rows = this.rows.take();
    if (rows) this.emit({ type: 'steps', stage: this.stage.stage, rows }, [rows.buffer]);
  }

  private state(state: RunState): void {
    this.emit({ type: 'state', state, step: this.trainer.stepsTaken });
  }

  /** Sends an event unless the run was disposed; `transfer` lists buffers the page takes over (large arrays). */
  private emit(e: TrainerEvent, transfer: ArrayBufferLike[] = []): void {
    if (this.disposed) return;
    this.onEvent(transfer.length ? Comlink.transfer(e, transfer as Transferable[]) : e);
  }
}
