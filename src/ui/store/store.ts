// The lab's one zustand store, in slices: experiment (what to train), run (adapter, state, errors), metrics
// (columnar series, transient), views (embedding, activations, attention, samples) — these top-level run fields
// are pretraining's — and the pipeline: the stage on screen, each stage's newest snapshot, the later stages' runs
// (stage-slice.ts, actions in stage-actions.ts) and the reward model's rankings. Actions are module-level
// functions so the worker listener can call them. Fast-changing data is read by d3 views through
// `useLab.subscribe` with a selector and refs, not through React re-renders. Tested by store.test.ts.

import { create } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import type { ActivationView, AdapterSummary, AttentionView, EmbeddingView, ProbeSettings, RunState, RunSummary, SampleView, SavedState, Stage } from '../../workers/protocol';
import { DEFAULT_PRESET, experimentFromPreset } from '../experiment/schema';
import type { Experiment, Notice } from '../experiment/types';
import { MetricSeries } from './metrics';
import { freshRankings, freshStageRun, type LaterStage, type Rankings, type StageRun } from './stage-slice';
import type { Msg } from '../i18n/i18n';

/** One probe of the residual stream as kept over training: its statistics and histograms, not the stream. */
export interface ActivationStatsPoint {
  step: number;
  stats: Float32Array; // (layers, 4): mean, std, min, max
  histogram: Float32Array; // (layers, bins) counts over [histMin, histMax]
  bins: number;
  histMin: number;
  histMax: number;
}

/** Most probes kept in `activationHistory`; when full, every other one is dropped so the whole run stays in view. */
export const ACTIVATION_HISTORY_CAP = 200;

/** `history` plus `point`, first thinned to every other entry (the first kept) when it is at the cap. */
export function appendThinned<T>(history: readonly T[], point: T, cap: number): T[] {
  const kept = history.length >= cap ? history.filter((_, i) => i % 2 === 0) : history;
  return [...kept, point];
}

export interface LabState {
  experiment: Experiment;
  notices: Notice[];
  /** 'missing' when the browser has no WebGPU at all, or no adapter could be opened (see webgpuProblem). */
  webgpu: 'unknown' | 'ok' | 'missing';
  /** Why WebGPU is unusable when the browser has it (no adapter, device refused). */
  webgpuProblem: string | null;
  adapter: AdapterSummary | null;
  runState: RunState;
  summary: RunSummary | null;
  /** Current step (updated with metric batches). */
  step: number;
  error: string | null;
  /** Uploaded corpus (never in the URL). */
  upload: { name: string; text: string } | null;
  metrics: MetricSeries;
  /** Bumped on every metrics append: subscribe to it to redraw charts. */
  metricsVersion: number;
  val: { step: number[]; loss: number[] };
  embedding: EmbeddingView | null;
  activations: ActivationView | null;
  activationHistory: ActivationStatsPoint[];
  attention: AttentionView | null;
  samples: SampleView[];
  probes: ProbeSettings;
  /** A saved run found in IndexedDB on load, offered for resuming; `stages` lists the later stages it holds. */
  resumable: { step: number; query: string; savedAt: number; stages?: Msg[] } | null;
  /** The stage whose controls and views are on screen (and which Train, Pause, Step and Reset drive). */
  activeStage: Stage;
  /** Newest resumable snapshot of each stage: its checkpoint is what the next stage starts from. */
  saved: Partial<Record<Stage, SavedState>>;
  /** The runs of the later stages (pretraining's are the top-level run fields above). */
  stages: Record<LaterStage, StageRun>;
  /** The reward model's training data: K responses per prompt, best first. */
  rankings: Rankings;
}

export const DEFAULT_PROBES: ProbeSettings = {
  probeText: 'Once upon a time, a little cat',
  samplePrompt: 'Once upon a time',
  temperature: 0.8,
  topK: 20,
  sampleTokens: 120,
  every: 25,
};

/** The store's run-scoped fields, reset whenever a new run starts. */
function freshRun(): Pick<LabState, 'runState' | 'summary' | 'step' | 'error' | 'metrics' | 'metricsVersion' | 'val' | 'embedding' | 'activations' | 'activationHistory' | 'attention' | 'samples'> {
  return {
    runState: 'idle', summary: null, step: 0, error: null, metrics: new MetricSeries(), metricsVersion: 0,
    val: { step: [], loss: [] }, embedding: null, activations: null, activationHistory: [], attention: null, samples: [],
  };
}

export function initialState(experiment: Experiment): LabState {
  return {
    experiment, notices: [], webgpu: 'unknown', webgpuProblem: null, adapter: null, upload: null, probes: DEFAULT_PROBES, resumable: null,
    activeStage: 'pretrain', saved: {}, stages: { sft: freshStageRun(), reward: freshStageRun(), ppo: freshStageRun() }, rankings: freshRankings(), ...freshRun(),
  };
}

/** Created with the default preset; main.tsx sets the experiment from the URL before the first render. */
export const useLab = create<LabState>()(subscribeWithSelector(() => initialState(experimentFromPreset(DEFAULT_PRESET))));

let noticeId = 0;

export const actions = {
  setWebgpu(webgpu: LabState['webgpu'], problem: string | null = null): void {
    useLab.setState({ webgpu, webgpuProblem: problem });
  },
  setAdapter(adapter: AdapterSummary): void {
    useLab.setState({ adapter, webgpu: 'ok', webgpuProblem: null });
  },
  setSummary(summary: RunSummary): void {
    useLab.setState({ summary, step: summary.step });
  },
  setUpload(upload: LabState['upload']): void {
    useLab.setState({ upload });
  },
  setResumable(resumable: LabState['resumable']): void {
    useLab.setState({ resumable });
  },
  setExperiment(experiment: Experiment): void {
    useLab.setState({ experiment });
  },
  patchTrain(patch: Partial<Experiment['train']>): void {
    const e = useLab.getState().experiment;
    useLab.setState({ experiment: { ...e, train: { ...e.train, ...patch } } });
  },
  patchModel(patch: Partial<Experiment['model']>): void {
    const e = useLab.getState().experiment;
    useLab.setState({ experiment: { ...e, model: { ...e.model, ...patch } } });
  },
  notify(level: Notice['level'], text: Notice['text']): void {
    useLab.setState((s) => ({ notices: [...s.notices, { id: ++noticeId, level, text }] }));
  },
  dismiss(id: number): void {
    useLab.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
  /** Clears the error notices (they belong to an earlier attempt once a new run starts). */
  dismissErrors(): void {
    useLab.setState((s) => ({ notices: s.notices.filter((n) => n.level !== 'error') }));
  },
  /** Clears pretraining's run and its snapshot (the later stages keep theirs). */
  resetRun(): void {
    useLab.setState((s) => ({ ...freshRun(), saved: { ...s.saved, pretrain: undefined } }));
  },
  setRunState(runState: RunState, step?: number): void {
    useLab.setState(step === undefined ? { runState } : { runState, step });
  },
  appendSteps(rows: Float32Array): void {
    const s = useLab.getState();
    s.metrics.append(rows);
    const steps = s.metrics.get('step');
    useLab.setState({ metricsVersion: s.metricsVersion + 1, step: steps.length ? steps[steps.length - 1] : s.step });
  },
  /** Puts back the curves of a saved run (step rows as appendSteps takes them, and the validation points). */
  restoreMetrics(rows: Float32Array, val: LabState['val']): void {
    const metrics = new MetricSeries();
    metrics.append(rows);
    const s = useLab.getState();
    useLab.setState({ metrics, metricsVersion: s.metricsVersion + 1, val: { step: [...val.step], loss: [...val.loss] } });
  },
  addVal(step: number, loss: number): void {
    const v = useLab.getState().val;
    useLab.setState({ val: { step: [...v.step, step], loss: [...v.loss, loss] } });
  },
  setEmbedding(view: EmbeddingView): void {
    useLab.setState({ embedding: view });
  },
  setActivations(view: ActivationView): void {
    const { step, stats, histogram, bins, histMin, histMax } = view;
    useLab.setState((s) => ({ activations: view, activationHistory: appendThinned(s.activationHistory, { step, stats, histogram, bins, histMin, histMax }, ACTIVATION_HISTORY_CAP) }));
  },
  setAttention(view: AttentionView): void {
    useLab.setState({ attention: view });
  },
  addSample(view: SampleView): void {
    useLab.setState((s) => ({ samples: [view, ...s.samples].slice(0, 20) }));
  },
  setProbes(patch: Partial<ProbeSettings>): void {
    useLab.setState((s) => ({ probes: { ...s.probes, ...patch } }));
  },
  fail(message: string): void {
    useLab.setState({ error: message, runState: 'error' });
  },
};
