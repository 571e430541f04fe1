// The lesson page's charts: each model's pretraining loss, and each lesson's result chart — zero-shot accuracy per
// task over pretraining, accuracy against in-context examples per checkpoint, chain of thought against direct
// answers by difficulty (with what each model wrote for one question per difficulty), GPT-1 head accuracy with and
// without the auxiliary LM loss. Words come from the message catalogues (lessons.charts.*, lessons.samples.*).
// `data-points` on each chart root counts what it drew (the e2e hook).
// Exercised by e2e/lessons.e2e.mjs; the data comes from lesson-series.ts (tested).
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunId } from '../../engine/lessons/lesson-spec';
import { t } from '../i18n/i18n';
import { drawLineChart, type LineSeries } from '../views/draw-line-chart';
import { drawBarChart } from './draw-bar-chart';
import { useLesson } from './lesson-store';
import { cotBars, headsSeries, shotsSeries, zeroShotSeries, type XY } from './lesson-series';
import { useLessonDraw } from './use-lesson-draw';

const COLORS = ['#1f5fa8', '#d9711c', '#2a9d5c', '#b23a48', '#7a4fb0', '#8a6d3b'];
/** Checkpoints from early (light) to late (dark). */
const RAMP = ['#9ecae1', '#4292c6', '#08519c', '#08306b'];

/** A model's name in the reader's language. */
export const runName = (run: RunId) => t(`lessons.runs.${run}`);

/** A chain-of-thought task (difficulty) in the reader's language: "4-steps" is 4 steps; other names as they are. */
const cotGroup = (task: string) => {
  const steps = /^(\d+)-steps$/.exec(task);
  return steps ? t('lessons.charts.cot.group', { count: Number(steps[1]) }) : task;
};

function Legend({ names, colors }: { names: string[]; colors: readonly string[] }) {
  return (
    <div className="gl-legend">
      {names.map((n, i) => (
        <span key={n} style={{ color: colors[i % colors.length] }}>
          <i className="gl-swatch" /> <span style={{ color: '#444' }}>{n}</span>
        </span>
      ))}
    </div>
  );
}

interface LinesProps {
  /** lessons.charts.<chart>: title, caption, x, y. */
  chart: 'loss' | 'zeroShot' | 'shots' | 'heads';
  testId: string;
  get: () => { lines: XY[]; refLines?: Array<{ y: number; label: string }> };
  /** A line's legend name from its series name (default: as it is). */
  label?: (name: string) => string;
  colors?: readonly string[];
  percent?: boolean;
}

function LinesChart({ chart, testId, get, label = (n) => n, colors = COLORS, percent = true }: LinesProps) {
  const { t } = useTranslation();
  const root = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const names = useLesson(() => get().lines.map((l) => label(l.name)).join('\u0000')).split('\u0000').filter(Boolean);
  const k = `lessons.charts.${chart}`;
  useLessonDraw(root, (width) => {
    const { lines, refLines = [] } = get();
    const series: LineSeries[] = lines.map((l, i) => ({ x: l.x, y: l.y, color: colors[i % colors.length], width: 2 }));
    const all = lines.flatMap((l) => l.x.map((x, i) => ({ x, y: l.y[i], name: label(l.name) })));
    const xLabel = t(`${k}.x`);
    drawLineChart(svg.current!, {
      width,
      height: 240,
      series,
      yDomain: percent ? [0, 100] : undefined,
      markers: { x: all.map((p) => p.x), y: all.map((p) => p.y), color: '#333', title: (i) => t('lessons.charts.point', { name: all[i].name, x: `${xLabel} ${all[i].x}`, y: percent ? `${all[i].y.toFixed(0)} %` : all[i].y.toFixed(3) }) },
      refLines,
      xLabel,
      yLabel: t(`${k}.y`),
    });
    root.current!.dataset.points = String(all.length);
  });
  return (
    <section className="gl-view" data-view={testId}>
      <h3>{t(`${k}.title`)}</h3>
      <p className="gl-caption">{t(`${k}.caption`)}</p>
      <Legend names={names} colors={colors} />
      <div className="gl-chart" ref={root} data-testid={testId}>
        <svg ref={svg} />
      </div>
    </section>
  );
}

export function LessonLossChart() {
  return <LinesChart chart="loss" testId="lesson-loss" percent={false} get={() => ({ lines: useLesson.getState().losses.map((l) => ({ name: l.run, x: l.step, y: l.loss })) })} label={(n) => runName(n as RunId)} />;
}

export function ZeroShotChart() {
  return <LinesChart chart="zeroShot" testId="lesson-result" get={() => ({ lines: zeroShotSeries(useLesson.getState()) })} />;
}

export function ShotsChart() {
  return <LinesChart chart="shots" testId="lesson-result" colors={RAMP} get={() => ({ lines: shotsSeries(useLesson.getState()) })} label={(step) => t('lessons.charts.shots.line', { step })} />;
}

export function HeadsChart() {
  return (
    <LinesChart
      chart="heads"
      testId="lesson-result"
      get={() => {
        const { lines, chance } = headsSeries(useLesson.getState());
        return { lines, refLines: chance === null ? [] : [{ y: chance, label: t('lessons.charts.heads.chance') }] };
      }}
      label={(lambda) => t('lessons.charts.heads.line', { lambda })}
    />
  );
}

export function CotChart() {
  const { t } = useTranslation();
  const root = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const names = useLesson((s) => [...new Set(s.evals.map((e) => e.run))].join('\u0000')).split('\u0000').filter(Boolean).map((r) => runName(r as RunId));
  useLessonDraw(root, (width) => {
    const raw = cotBars(useLesson.getState());
    const bars = { groups: raw.groups.map(cotGroup), series: raw.series.map((s) => ({ ...s, name: runName(s.name as RunId) })) };
    drawBarChart(svg.current!, {
      width,
      height: 240,
      bars,
      colors: COLORS,
      xLabel: t('lessons.charts.cot.x'),
      yLabel: t('lessons.charts.cot.y'),
      title: (run, group, v, lo, hi) => t('lessons.charts.cot.bar', { run, group, acc: v.toFixed(0), lo: lo.toFixed(0), hi: hi.toFixed(0) }),
    });
    root.current!.dataset.points = String(bars.series.reduce((a, s) => a + s.values.filter(Number.isFinite).length, 0));
  });
  return (
    <section className="gl-view" data-view="lesson-result">
      <h3>{t('lessons.charts.cot.title')}</h3>
      <p className="gl-caption">{t('lessons.charts.cot.caption')}</p>
      <Legend names={names} colors={COLORS} />
      <div className="gl-chart" ref={root} data-testid="lesson-result">
        <svg ref={svg} />
      </div>
    </section>
  );
}

/** What each model wrote, after its last step, for the first held-out question of each difficulty. */
export function CotSamples() {
  const { t } = useTranslation();
  const runs = useLesson((s) => s.samples);
  const questions = runs[0]?.samples ?? [];
  return (
    <section className="gl-view" data-view="lesson-samples">
      <h3>{t('lessons.samples.title')}</h3>
      <p className="gl-caption">{t('lessons.samples.caption')}</p>
      {questions.length === 0 ? (
        <p className="hint">{t('lessons.samples.pending')}</p>
      ) : (
        <table className="lesson-samples" data-testid="lesson-samples" data-points={runs.reduce((n, r) => n + r.samples.length, 0)}>
          <thead>
            <tr>
              <th>{t('lessons.samples.task')}</th>
              <th>{t('lessons.samples.question')}</th>
              {runs.map((r) => <th key={r.run}>{runName(r.run)}</th>)}
            </tr>
          </thead>
          <tbody>
            {questions.map((q) => (
              <tr key={q.task}>
                <td>{cotGroup(q.task)}</td>
                <td><code>{q.prompt}</code></td>
                {runs.map((r) => {
                  const s = r.samples.find((x) => x.task === q.task);
                  if (!s) return <td key={r.run} />;
                  return (
                    <td key={r.run} title={t('lessons.samples.expected', { target: s.target })}>
                      <code>{s.answer}</code>{' '}
                      <span role="img" aria-label={t(s.correct ? 'lessons.samples.right' : 'lessons.samples.wrong')}>{s.correct ? '✓' : '✗'}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
