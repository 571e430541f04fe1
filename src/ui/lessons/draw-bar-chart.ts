// A small d3 grouped bar chart drawn into an <svg>: groups along x (e.g. difficulty), one bar per series in each
// group with its 95 % interval as a whisker, a labelled 0–100 % y axis. Used by the chain-of-thought lesson.
// Checked through the lesson e2e test's screenshots; its data comes from lesson-series.ts (tested).
import { axisBottom, axisLeft, scaleBand, scaleLinear, select } from 'd3';
import { ensure, type Sel } from '../views/d3-ensure';
import { MARGIN } from '../views/draw-line-chart';
import type { Bars } from './lesson-series';

export interface BarChartSpec {
  width: number;
  height: number;
  bars: Bars;
  colors: readonly string[];
  xLabel: string;
  yLabel: string;
  /** A bar's tooltip: series, group, value and interval (percent). */
  title: (series: string, group: string, v: number, lo: number, hi: number) => string;
}

export function drawBarChart(el: SVGSVGElement, spec: BarChartSpec): void {
  const { width, height, bars, colors } = spec;
  const w = width - MARGIN.left - MARGIN.right;
  const h = height - MARGIN.top - MARGIN.bottom;
  const svg = select(el).attr('width', width).attr('height', height) as unknown as Sel<SVGSVGElement>;
  const x = scaleBand().domain(bars.groups).range([0, w]).paddingInner(0.25).paddingOuter(0.1);
  const inner = scaleBand().domain(bars.series.map((s) => s.name)).range([0, x.bandwidth()]).padding(0.08);
  const y = scaleLinear().domain([0, 100]).range([h, 0]);
  const plot = ensure(svg, 'g', 'plot').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  ensure(plot, 'g', 'gl-axis x').attr('transform', `translate(0,${h})`).call(axisBottom(x));
  ensure(plot, 'g', 'gl-axis y').call(axisLeft(y).ticks(5).tickFormat((v) => `${v}`));
  ensure(plot, 'text', 'gl-axis-title x').attr('x', w / 2).attr('y', h + 31).attr('text-anchor', 'middle').text(spec.xLabel);
  ensure(plot, 'text', 'gl-axis-title y').attr('transform', `translate(${-MARGIN.left + 12},${h / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(spec.yLabel);
  const cells = bars.series.flatMap((s, si) => bars.groups.map((g, gi) => ({ s, si, g, v: s.values[gi], lo: s.lo[gi], hi: s.hi[gi] }))).filter((c) => Number.isFinite(c.v));
  const bx = (c: (typeof cells)[number]) => (x(c.g) ?? 0) + (inner(c.s.name) ?? 0);
  const group = ensure(plot, 'g', 'bars');
  group
    .selectAll<SVGRectElement, (typeof cells)[number]>('rect')
    .data(cells)
    .join((enter) => {
      const r = enter.append('rect');
      r.append('title');
      return r;
    })
    .attr('x', bx)
    .attr('width', inner.bandwidth())
    .attr('y', (c) => y(c.v))
    .attr('height', (c) => h - y(c.v))
    .attr('fill', (c) => colors[c.si % colors.length])
    .select('title')
    .text((c) => spec.title(c.s.name, c.g, c.v, c.lo, c.hi));
  ensure(plot, 'g', 'whiskers')
    .selectAll<SVGLineElement, (typeof cells)[number]>('line')
    .data(cells.filter((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi)))
    .join('line')
    .attr('stroke', '#333')
    .attr('x1', (c) => bx(c) + inner.bandwidth() / 2)
    .attr('x2', (c) => bx(c) + inner.bandwidth() / 2)
    .attr('y1', (c) => y(c.lo))
    .attr('y2', (c) => y(c.hi));
}
