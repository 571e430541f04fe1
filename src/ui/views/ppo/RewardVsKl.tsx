// Reward against KL: one point per rollout, x = KL to π_SFT per response (nats), y = the reward model's score,
// coloured by rollout number (early light, late dark). A policy that buys score with ever more KL moves up and to
// the right. `data-points` = rollouts drawn. Exercised by e2e/pipeline.e2e.mjs.
import { axisBottom, axisLeft, format, interpolateViridis, scaleLinear, scaleSequential, select } from 'd3';
import { useRef } from 'react';
import { useLab } from '../../store/store';
import { MARGIN } from '../draw-line-chart';
import { paddedExtent } from '../scales';
import { useStoreDraw, type Trigger } from '../use-store-draw';
import { ViewFrame } from '../ViewFrame';
import { useTranslation } from 'react-i18next';
import { t as word } from '../../i18n/i18n';

const TRIGGERS: Trigger[] = [(s) => s.stages.ppo.ppoRollouts];
const fmt = format('.3~g');

export function RewardVsKl() {
  const root = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const empty = useLab((s) => s.stages.ppo.ppoRollouts.length === 0);
  const { t } = useTranslation();
  useStoreDraw(root, TRIGGERS, (width) => {
    const pts = useLab.getState().stages.ppo.ppoRollouts
      .map((p) => ({ rollout: p.rollout, kl: p.metrics['objective/kl'], score: p.metrics['objective/scores'] }))
      .filter((p) => Number.isFinite(p.kl) && Number.isFinite(p.score));
    const height = 240;
    const w = width - MARGIN.left - MARGIN.right;
    const h = height - MARGIN.top - MARGIN.bottom;
    const x = scaleLinear().domain(paddedExtent([pts.map((p) => p.kl)], 0.05)).range([0, w]).nice();
    const y = scaleLinear().domain(paddedExtent([pts.map((p) => p.score)], 0.05)).range([h, 0]).nice();
    const first = pts.length ? pts[0].rollout : 0;
    const last = pts.length ? pts[pts.length - 1].rollout : 1;
    const colour = scaleSequential(interpolateViridis).domain([last, first < last ? first : last - 1]);
    const svg = select(svgRef.current!).attr('width', width).attr('height', height);
    svg.selectAll('*').remove();
    const g = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    g.append('g').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(5).tickFormat((v) => fmt(Number(v))));
    g.append('g').call(axisLeft(y).ticks(5).tickFormat((v) => fmt(Number(v))));
    g.append('text').attr('class', 'gl-axis-title').attr('x', w / 2).attr('y', h + 30).attr('text-anchor', 'middle').text(word('ppoViews.rvkAxisX'));
    g.append('text').attr('class', 'gl-axis-title').attr('transform', 'rotate(-90)').attr('x', -h / 2).attr('y', -44).attr('text-anchor', 'middle').text(word('ppoViews.rvkAxisY'));
    g.append('path')
      .attr('fill', 'none').attr('stroke', '#adb5bd').attr('stroke-width', 1)
      .attr('d', pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.kl)},${y(p.score)}`).join(''));
    g.selectAll('circle').data(pts).join('circle')
      .attr('cx', (p) => x(p.kl)).attr('cy', (p) => y(p.score)).attr('r', 4.5)
      .attr('fill', (p) => colour(p.rollout)).attr('stroke', '#333').attr('stroke-width', 0.5)
      .append('title').text((p) => word('ppoViews.rvkPoint', { rollout: p.rollout, kl: fmt(p.kl), score: fmt(p.score) }));
    root.current!.dataset.points = String(pts.length);
  });
  return (
    <ViewFrame
      title={t('ppoViews.rvkTitle')}
      caption={t('ppoViews.rvkCaption')}
      empty={empty ? t('ppoViews.firstRollout') : null}
    >
      <div className="gl-chart" ref={root} data-testid="ppo-reward-kl">
        <svg ref={svgRef} />
      </div>
    </ViewFrame>
  );
}
