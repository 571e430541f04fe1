// A lesson from the GPT papers (`guide=gpt1-heads|zero-shot|in-context|chain-of-thought`): what the lesson shows
// and what to look for (in the page's language, `lang`; its data follow it), its settings (steps, seed;
// `hide=lesson` hides them for a class), Run / Stop, the live pretraining loss, the lesson's result chart (for chain
// of thought also what the models wrote) and, when it finishes, what it measured. Exercised by e2e/lessons.e2e.mjs
// through its data-testid hooks.
import { useTranslation } from 'react-i18next';
import type { LessonId } from '../../engine/lessons/lesson-spec';
import { lessonSpec } from '../../engine/lessons/lesson-spec';
import { GUIDES } from '../experiment/guides';
import { LESSON_STEPS_MAX } from '../experiment/lesson-schema';
import { actions, useLab } from '../store/store';
import { findingText } from './findings';
import { CotChart, CotSamples, HeadsChart, LessonLossChart, runName, ShotsChart, ZeroShotChart } from './LessonCharts';
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
  const { t } = useTranslation();
  const e = useLab((s) => s.experiment);
  const busy = useLesson((s) => s.status === 'running' || s.status === 'stopping');
  if (e.hide.includes('lesson')) return null;
  const spec = lessonSpec(id, e.lang);
  return (
    <div className="lesson-settings" data-testid="lesson-settings">
      <label className="field">
        <span className="field-label">{t('lessons.settings.steps')}</span>
        <input
          type="number"
          data-testid="lesson-steps"
          min={1}
          max={LESSON_STEPS_MAX}
          disabled={busy}
          value={e.lesson.steps ?? spec.train.steps}
          onChange={(ev) => {
            const v = Number(ev.target.value);
            if (Number.isInteger(v) && v >= 1 && v <= LESSON_STEPS_MAX) actions.setExperiment({ ...e, lesson: { ...e.lesson, steps: v === spec.train.steps ? null : v } });
          }}
        />
      </label>
      <label className="field">
        <span className="field-label">{t('lessons.settings.seed')}</span>
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
        {t('lessons.settings.model', { layers: spec.model.nLayer, heads: spec.model.nHead, width: spec.model.nEmbd, blockSize: spec.model.blockSize, batch: spec.train.batchSize })}
      </p>
    </div>
  );
}

function Progress() {
  const { t } = useTranslation();
  const s = useLesson();
  const live = s.phase && (s.status === 'running' || s.status === 'stopping');
  return (
    <p className="lesson-progress" data-testid="lesson-status" data-status={s.status}>
      {t(`lessons.status.${s.status}`)}
      {live && ` — ${t(`lessons.phase.${s.phase!.phase}`, { run: runName(s.phase!.run), lambda: s.phase!.lambda, data: s.phase!.label, step: s.step, steps: s.phase!.steps })}`}
      {s.error && <span className="lesson-error"> — {s.error}</span>}
    </p>
  );
}

function Measured() {
  const { t } = useTranslation();
  const summary = useLesson((s) => s.summary);
  const status = useLesson((s) => s.status);
  if (!summary) return null;
  return (
    <section className="panel lesson-measured" data-testid="lesson-measured">
      <h2>{t(status === 'stopped' ? 'lessons.measured.stopped' : 'lessons.measured.done')}</h2>
      {summary.findings.length ? <ul>{summary.findings.map((f, i) => <li key={i}>{findingText(f)}</li>)}</ul> : <p>{t('lessons.measured.none')}</p>}
    </section>
  );
}

export function LessonPage({ id }: { id: LessonId }) {
  const { t } = useTranslation();
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
        <ol>{text.steps.map((step) => <li key={step}>{step}</li>)}</ol>
        <Settings id={id} />
        <div className="run-buttons">
          <button data-testid="lesson-run" disabled={busy || !ready} onClick={() => void runLesson(id)}>{t('lessons.run')}</button>
          <button data-testid="lesson-stop" disabled={status !== 'running'} onClick={stopLesson}>{t('lessons.stop')}</button>
        </div>
        <Progress />
      </section>
      <Measured />
      <div className="lesson-views">
        <ResultChart id={id} />
        {id === 'in-context' && <InductionView />}
        {id === 'chain-of-thought' && <CotSamples />}
        <LessonLossChart />
      </div>
    </div>
  );
}
