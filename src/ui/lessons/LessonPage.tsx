// A lesson from the GPT papers (`guide=gpt1-heads|zero-shot|in-context|chain-of-thought`): what the lesson shows
// and what to look for (in English or Chinese, `lang`), its settings (language, steps, seed; `hide=lesson` hides
// them for a class), Run / Stop, the live pretraining loss, the lesson's result chart and, when it finishes, what it
// measured. Exercised by e2e/lessons.e2e.mjs through its data-testid hooks.
import type { LessonId } from '../../engine/lessons/lesson-spec';
import { lessonSpec } from '../../engine/lessons/lesson-spec';
import { GUIDES } from '../experiment/guides';
import { LESSON_STEPS_MAX } from '../experiment/lesson-schema';
import { actions, useLab } from '../store/store';
import { CotChart, HeadsChart, LessonLossChart, ShotsChart, ZeroShotChart } from './LessonCharts';
import { InductionView } from './InductionView';
import { runLesson, stopLesson } from './lesson-bridge';
import { useLesson } from './lesson-store';

function ResultChart({ id }: { id: LessonId }) {
  if (id === 'zero-shot') return <ZeroShotChart />;
  if (id === 'in-context') return <ShotsChart />;
  if (id === 'chain-of-thought') return <CotChart />;
  return <HeadsChart />;
}

function Settings({ id }: { id: LessonId }) {
  const e = useLab((s) => s.experiment);
  const hidden = e.hide.includes('lesson');
  const busy = useLesson((s) => s.status === 'running' || s.status === 'stopping');
  if (hidden) return null;
  const spec = lessonSpec(id, e.lang);
  const set = (lesson: Partial<typeof e.lesson>) => actions.setExperiment({ ...e, lesson: { ...e.lesson, ...lesson } });
  return (
    <div className="lesson-settings" data-testid="lesson-settings">
      <label className="field">
        <span className="field-label">Language of the data</span>
        <select data-testid="lesson-lang" value={e.lang} disabled={busy} onChange={(ev) => actions.setExperiment({ ...e, lang: ev.target.value === 'zh' ? 'zh' : 'en' })}>
          <option value="en">English</option>
          <option value="zh">中文</option>
        </select>
      </label>
      <label className="field">
        <span className="field-label">Pretraining steps per model</span>
        <input
          type="number"
          data-testid="lesson-steps"
          min={1}
          max={LESSON_STEPS_MAX}
          disabled={busy}
          value={e.lesson.steps ?? spec.train.steps}
          onChange={(ev) => {
            const v = Number(ev.target.value);
            if (Number.isInteger(v) && v >= 1 && v <= LESSON_STEPS_MAX) set({ steps: v === spec.train.steps ? null : v });
          }}
        />
      </label>
      <label className="field">
        <span className="field-label">Seed</span>
        <input
          type="number"
          data-testid="lesson-seed"
          min={0}
          disabled={busy}
          value={e.train.seed}
          onChange={(ev) => {
            const v = Number(ev.target.value);
            if (Number.isInteger(v) && v >= 0 && v < 2 ** 32) actions.setExperiment({ ...e, train: { ...e.train, seed: v } });
          }}
        />
      </label>
      <p className="hint">
        Model: {spec.model.nLayer} layers, {spec.model.nHead} heads, width {spec.model.nEmbd}, context {spec.model.blockSize}; batch {spec.train.batchSize}.
      </p>
    </div>
  );
}

function Progress() {
  const s = useLesson();
  const label: Record<typeof s.status, string> = { idle: 'Not started', running: 'Running', stopping: 'Stopping…', done: 'Finished', stopped: 'Stopped', error: 'Error' };
  return (
    <p className="lesson-progress" data-testid="lesson-status" data-status={s.status}>
      {label[s.status]}
      {s.phase && (s.status === 'running' || s.status === 'stopping') && ` — ${s.phase.phase === 'pretrain' ? 'pretraining' : 'fine-tuning'} "${s.phase.run}" on ${s.phase.label}: step ${s.step} of ${s.phase.steps}`}
      {s.error && <span className="lesson-error"> — {s.error}</span>}
    </p>
  );
}

function Measured() {
  const summary = useLesson((s) => s.summary);
  const status = useLesson((s) => s.status);
  if (!summary) return null;
  return (
    <section className="panel lesson-measured" data-testid="lesson-measured">
      <h2>{status === 'stopped' ? 'Measured before you stopped' : 'What this run measured'}</h2>
      {summary.lines.length ? (
        <ul>{summary.lines.map((l) => <li key={l}>{l}</li>)}</ul>
      ) : (
        <p>No evaluation finished before the lesson stopped.</p>
      )}
    </section>
  );
}

export function LessonPage({ id }: { id: LessonId }) {
  const lang = useLab((s) => s.experiment.lang);
  const status = useLesson((s) => s.status);
  const ready = useLab((s) => s.adapter !== null);
  const guide = GUIDES[id];
  const text = lang === 'zh' && guide.zh ? guide.zh : guide;
  const busy = status === 'running' || status === 'stopping';
  return (
    <div className="lesson" data-testid="lesson" data-lesson={id}>
      <section className="panel guide" data-testid="guide" data-guide={id}>
        <h2>{text.title}</h2>
        <ol lang={lang === 'zh' ? 'zh-CN' : 'en'}>
          {text.steps.map((step) => <li key={step}>{step}</li>)}
        </ol>
        <Settings id={id} />
        <div className="run-buttons">
          <button data-testid="lesson-run" disabled={busy || !ready} onClick={() => void runLesson(id)}>Run lesson</button>
          <button data-testid="lesson-stop" disabled={status !== 'running'} onClick={stopLesson}>Stop</button>
        </div>
        <Progress />
      </section>
      <Measured />
      <div className="lesson-views">
        <ResultChart id={id} />
        {id === 'in-context' && <InductionView />}
        <LessonLossChart />
      </div>
    </div>
  );
}
