// The latest rollout's per-token KL: one row per response, one cell per response token labelled by its character
// (⏎ newline, ␃ end of text, ␣ space), coloured by log π_RL(token) − log π_SFT(token) in nats on a diverging scale
// centred on 0 (red: the policy now likes the token more than the SFT model did, blue: less); hovering a cell shows
// the token and both probabilities. `data-rows` / `data-cells` = responses / tokens drawn (the e2e hook).
// Exercised by e2e/pipeline.e2e.mjs; the cell maths is in kl-cells.ts (tested).
import { format, interpolateRdBu, scaleDiverging, select } from 'd3';
import { useRef } from 'react';
import { useLab } from '../../store/store';
import { useStoreDraw, type Trigger } from '../use-store-draw';
import { ViewFrame } from '../ViewFrame';
import { klGrid } from './kl-cells';
import { useTranslation } from 'react-i18next';
import { t as word } from '../../i18n/i18n';

const TRIGGERS: Trigger[] = [(s) => s.stages.ppo.ppoLatest];
const CELL = 18;
const LEFT = 34;
const TOP = 18;
const LEGEND_H = 40;
const fmt = format('+.3~f');
const prob = format('.3~g');

export function KlHeatmap() {
  const root = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const latest = useLab((s) => s.stages.ppo.ppoLatest);
  const { t } = useTranslation();
  useStoreDraw(root, TRIGGERS, () => {
    const view = useLab.getState().stages.ppo.ppoLatest;
    const grid = klGrid(view ?? { responses: [] });
    const colour = scaleDiverging((t) => interpolateRdBu(1 - t)).domain([-grid.range, 0, grid.range]);
    const width = LEFT + Math.max(grid.cols, 12) * CELL + 8;
    const height = TOP + grid.rows * CELL + LEGEND_H;
    const svg = select(svgRef.current!).attr('width', width).attr('height', height);
    svg.selectAll('*').remove();
    svg.append('text').attr('class', 'gl-axis-title').attr('x', LEFT).attr('y', 12).text(word('ppoViews.klAxis'));
    const plot = svg.append('g').attr('transform', `translate(${LEFT},${TOP})`);
    if (view) {
      svg.append('g').attr('transform', `translate(0,${TOP})`).selectAll('text').data(view.responses).join('text')
        .attr('x', LEFT - 4).attr('y', (_, i) => i * CELL + CELL * 0.7).attr('text-anchor', 'end').attr('font-size', 10)
        .text((_, i) => `#${i + 1}`)
        .append('title').text((r) => word('ppoViews.promptTitle', { prompt: r.prompt }));
    }
    const cell = plot.selectAll('g.cell').data(grid.cells).join('g').attr('class', 'cell')
      .attr('transform', (c) => `translate(${c.col * CELL},${c.row * CELL})`);
    cell.append('rect').attr('width', CELL - 1).attr('height', CELL - 1).attr('fill', (c) => (Number.isFinite(c.diff) ? colour(c.diff) : '#ccc'));
    cell.append('text').attr('x', (CELL - 1) / 2).attr('y', CELL * 0.68).attr('text-anchor', 'middle').attr('font-size', 11)
      .attr('fill', (c) => (Math.abs(c.diff) > grid.range * 0.6 ? '#fff' : '#222')).text((c) => c.glyph);
    cell.append('title').text((c) => word('ppoViews.cellTitle', { glyph: c.glyph, p: prob(c.p), refP: prob(c.refP), diff: fmt(c.diff) }));

    // Legend: the diverging scale from −range to +range nats.
    const lw = Math.min(220, width - LEFT - 8);
    const legend = svg.append('g').attr('transform', `translate(${LEFT},${TOP + grid.rows * CELL + 10})`);
    const steps = 40;
    legend.selectAll('rect').data(Array.from({ length: steps }, (_, i) => -grid.range + (2 * grid.range * (i + 0.5)) / steps)).join('rect')
      .attr('x', (_, i) => (i * lw) / steps).attr('width', lw / steps + 0.5).attr('height', 8).attr('fill', (v) => colour(v));
    legend.append('text').attr('y', 22).attr('font-size', 10).text(`${fmt(-grid.range)}`);
    legend.append('text').attr('x', lw / 2).attr('y', 22).attr('font-size', 10).attr('text-anchor', 'middle').text('0');
    legend.append('text').attr('x', lw).attr('y', 22).attr('font-size', 10).attr('text-anchor', 'end').text(`${fmt(grid.range)}`);
    legend.append('text').attr('x', lw + 8).attr('y', 8).attr('font-size', 10).text(word('ppoViews.klLegend'));
    root.current!.dataset.rows = String(grid.rows);
    root.current!.dataset.cells = String(grid.cells.length);
  });
  return (
    <ViewFrame
      title={t('ppoViews.klTitle')}
      caption={t('ppoViews.klCaption')}
      empty={latest ? null : t('ppoViews.firstRollout')}
    >
      <p className="gl-caption">{latest ? t('ppoViews.rolloutSummary', { rollout: latest.rollout, count: latest.responses.length }) : ''}</p>
      <div className="gl-chart gl-scroll" ref={root} data-testid="ppo-kl-heatmap">
        <svg ref={svgRef} />
      </div>
    </ViewFrame>
  );
}
