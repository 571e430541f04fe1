// The lesson page's charts: each model's pretraining loss, and each lesson's result chart — zero-shot accuracy per
// task over pretraining, accuracy against in-context examples per checkpoint, chain of thought against direct
// answers by difficulty, GPT-1 head accuracy with and without the auxiliary LM loss — plus the in-context lesson's
// induction head. `data-points` on each chart root counts what it drew (the e2e hook).
// Exercised by e2e/lessons.e2e.mjs; the data comes from lesson-series.ts (tested).
import { useRef } from 'react';
import { drawLineChart, type LineSeries } from '../views/draw-line-chart';
import { drawBarChart } from './draw-bar-chart';
import { useLesson } from './lesson-store';
import { cotBars, headsSeries, shotsSeries, zeroShotSeries, type XY } from './lesson-series';
import { useLessonDraw } from './use-lesson-draw';

const COLORS = ['#1f5fa8', '#d9711c', '#2a9d5c', '#b23a48', '#7a4fb0', '#8a6d3b'];
/** Checkpoints from early (light) to late (dark). */
const RAMP = ['#9ecae1', '#4292c6', '#08519c', '#08306b'];

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
  testId: string;
  title: string;
  caption: string;
  get: () => { lines: XY[]; refLines?: Array<{ y: number; label: string }> };
  xLabel: string;
  yLabel: string;
  colors?: readonly string[];
  percent?: boolean;
}

function LinesChart({ testId, title, caption, get, xLabel, yLabel, colors = COLORS, percent = true }: LinesProps) {
  const root = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const names = useLesson(() => get().lines.map((l) => l.name).join('\u0000')).split('\u0000').filter(Boolean);
  useLessonDraw(root, (width) => {
    const { lines, refLines = [] } = get();
    const series: LineSeries[] = lines.map((l, i) => ({ x: l.x, y: l.y, color: colors[i % colors.length], width: 2 }));
    const all = lines.flatMap((l) => l.x.map((x, i) => ({ x, y: l.y[i], color: colors[lines.indexOf(l) % colors.length], name: l.name })));
    drawLineChart(svg.current!, {
      width,
      height: 240,
      series,
      yDomain: percent ? [0, 100] : undefined,
      markers: { x: all.map((p) => p.x), y: all.map((p) => p.y), color: '#333', title: (i) => `${all[i].name}: ${xLabel} ${all[i].x}, ${all[i].y.toFixed(percent ? 0 : 3)}${percent ? ' %' : ''}` },
      refLines,
      xLabel,
      yLabel,
    });
    root.current!.dataset.points = String(all.length);
  });
  return (
    <section className="gl-view" data-view={testId}>
      <h3>{title}</h3>
      <p className="gl-caption">{caption}</p>
      <Legend names={names} colors={colors} />
      <div className="gl-chart" ref={root} data-testid={testId}>
        <svg ref={svg} />
      </div>
    </section>
  );
}

export function LessonLossChart() {
  return (
    <LinesChart
      testId="lesson-loss"
      title="Pretraining loss"
      caption="Cross-entropy of the next character on the training batches, per model."
      get={() => ({ lines: useLesson.getState().losses.map((l) => ({ name: l.run, x: l.step, y: l.loss })) })}
      xLabel="pretraining step"
      yLabel="loss (nats)"
      percent={false}
    />
  );
}

export function ZeroShotChart() {
  return (
    <LinesChart
      testId="lesson-result"
      title="Zero-shot accuracy per task"
      caption="Held-out questions asked with the task's wording only (no example, no fine-tuning), after each stretch of pretraining."
      get={() => ({ lines: zeroShotSeries(useLesson.getState()) })}
      xLabel="pretraining step"
      yLabel="exact answers (%)"
    />
  );
}

export function ShotsChart() {
  return (
    <LinesChart
      testId="lesson-result"
      title="Accuracy against examples in the prompt"
      caption="Held-out queries with k examples of the same mapping in the prompt (no gradient update), one line per checkpoint."
      get={() => ({ lines: shotsSeries(useLesson.getState()) })}
      xLabel="examples in the prompt (k)"
      yLabel="exact answers (%)"
      colors={RAMP}
    />
  );
}

export function HeadsChart() {
  return (
    <LinesChart
      testId="lesson-result"
      title="Held-out task accuracy while fine-tuning"
      caption="The task head's accuracy on held-out examples, fine-tuned with the auxiliary LM loss (λ = 0.5) and without it (λ = 0)."
      get={() => {
        const { lines, chance } = headsSeries(useLesson.getState());
        return { lines, refLines: chance === null ? [] : [{ y: chance, label: 'chance' }] };
      }}
      xLabel="fine-tuning step"
      yLabel="held-out accuracy (%)"
    />
  );
}

export function CotChart() {
  const root = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const names = useLesson((s) => [...new Set(s.evals.map((e) => e.run))].join('\u0000')).split('\u0000').filter(Boolean);
  useLessonDraw(root, (width) => {
    const bars = cotBars(useLesson.getState());
    drawBarChart(svg.current!, { width, height: 240, bars, colors: COLORS, xLabel: 'difficulty', yLabel: 'exact answers (%)' });
    root.current!.dataset.points = String(bars.series.reduce((a, s) => a + s.values.filter(Number.isFinite).length, 0));
  });
  return (
    <section className="gl-view" data-view="lesson-result">
      <h3>Exact answers by difficulty</h3>
      <p className="gl-caption">Held-out problems answered greedily by each model at its latest evaluation; whiskers are 95 % intervals.</p>
      <Legend names={names} colors={COLORS} />
      <div className="gl-chart" ref={root} data-testid="lesson-result">
        <svg ref={svg} />
      </div>
    </section>
  );
}
