// The score-gap histogram: r(x, y_w) − r(x, y_l) for every held-out pair, binned symmetrically about zero, with a
// zero line. Pairs right of zero are ones the reward model orders like the labeler; training pushes the mass right.
// Redrawn on each rewardEval through useStoreDraw (no React state per update). `data-pairs` (pairs drawn) and
// `data-step` on the root are the e2e hooks. Exercised by e2e/pipeline.e2e.mjs; the bins by gap-bins.test.ts.
import { axisBottom, axisLeft, format, scaleLinear, select } from 'd3';
import { useRef } from 'react';
import { useLab } from '../../store/store';
import { ensure, type Sel } from '../d3-ensure';
import { MARGIN } from '../draw-line-chart';
import { useStoreDraw, type Trigger } from '../use-store-draw';
import { ViewFrame } from '../ViewFrame';
import { binGaps } from './gap-bins';
import { useTranslation } from 'react-i18next';
import { t as word } from '../../i18n/i18n';

const TRIGGERS: Trigger[] = [(s) => s.stages.reward.rewardEval];
const HEIGHT = 220;
const AGREE = '#2f9e44';
const DISAGREE = '#e03131';

export function GapHistogram() {
  const root = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const view = useLab((s) => s.stages.reward.rewardEval);
  const { t } = useTranslation();

  useStoreDraw(box, TRIGGERS, (width) => {
    const ev = useLab.getState().stages.reward.rewardEval;
    const gaps = ev?.gaps ?? new Float32Array(0);
    const { lo, width: bw, counts } = binGaps(gaps);
    const w = width - MARGIN.left - MARGIN.right;
    const h = HEIGHT - MARGIN.top - MARGIN.bottom;
    const x = scaleLinear().domain([lo, -lo]).range([0, w]);
    const y = scaleLinear().domain([0, Math.max(1, ...counts)]).range([h, 0]).nice();
    const s = select(svg.current!).attr('width', width).attr('height', HEIGHT) as unknown as Sel<SVGSVGElement>;
    const plot = ensure(s, 'g', 'plot').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    ensure(plot, 'g', 'gl-axis x').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(Math.max(2, Math.floor(w / 60))).tickFormat(format('~g')));
    // Pair counts are whole numbers: only integer ticks (d3 would put 0.5 steps on a small count and round them).
    const yTicks = y.ticks(Math.max(2, Math.floor(h / 30))).filter(Number.isInteger);
    ensure(plot, 'g', 'gl-axis y').call(axisLeft(y).tickValues(yTicks).tickFormat(format('d')));
    ensure(plot, 'text', 'gl-axis-title x').attr('x', w / 2).attr('y', h + 31).attr('text-anchor', 'middle').text(word('rewardViews.gapAxis'));
    ensure(plot, 'text', 'gl-axis-title y').attr('transform', `translate(${-MARGIN.left + 12},${h / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(word('rewardViews.pairsAxis'));
    ensure(plot, 'g', 'bars')
      .selectAll('rect')
      .data(counts)
      .join('rect')
      .attr('x', (_, i) => x(lo + i * bw) + 0.5)
      .attr('width', Math.max(1, x(lo + bw) - x(lo) - 1))
      .attr('y', (c) => y(c))
      .attr('height', (c) => h - y(c))
      .attr('fill', (_, i) => (lo + i * bw >= 0 ? AGREE : DISAGREE))
      .attr('fill-opacity', 0.75);
    ensure(plot, 'line', 'zero').attr('x1', x(0)).attr('x2', x(0)).attr('y1', 0).attr('y2', h).attr('stroke', '#222').attr('stroke-dasharray', '4 3');
    root.current!.dataset.pairs = String(gaps.length);
    root.current!.dataset.step = String(ev?.step ?? 0);
  });

  return (
    <ViewFrame
      title={t('rewardViews.gapTitle')}
      testId="gap-histogram"
      rootRef={root}
      caption={t('rewardViews.gapCaption')}
      empty={view ? null : t('rewardViews.firstEval')}
    >
      {view && (
        <p className="gl-caption" data-testid="reward-eval-summary">
          {t('rewardViews.evalSummary', { step: view.step, accuracy: (view.accuracy * 100).toFixed(1), pairs: view.gaps.length, margin: view.margin.toPrecision(3), mean: view.meanReward.toPrecision(3), std: view.stdReward.toPrecision(3) })}
        </p>
      )}
      <div ref={box} className="gl-chart">
        <svg ref={svg} />
      </div>
    </ViewFrame>
  );
}
