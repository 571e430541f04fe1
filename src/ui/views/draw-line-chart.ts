// A small d3 line chart drawn into an <svg>: lines (decimated to screen resolution), optional markers and dashed
// reference lines, and both axes with their titles. Used by the loss, metric and activation-statistics charts.
// Checked through the views' screenshots; the maths it relies on is in scales.ts and decimate.ts.
import { axisBottom, axisLeft, format, line, scaleLinear, scaleLog, select, type ScaleContinuousNumeric } from 'd3';
import { decimateMinMax } from './decimate';
import { ensure, type Sel } from './d3-ensure';
import { paddedExtent } from './scales';

export interface LineSeries {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color: string;
  width?: number;
  opacity?: number;
}

export interface Markers {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color: string;
  /** Native tooltip of marker i. */
  title: (i: number) => string;
}

export interface RefLine {
  y: number;
  label: string;
}

export interface LineChartSpec {
  width: number;
  height: number;
  series: LineSeries[];
  markers?: Markers;
  refLines?: RefLine[];
  xLabel: string;
  yLabel: string;
  yLog?: boolean;
  yFormat?: (v: number) => string;
  /** A fixed y range (e.g. [0, 100] for percentages) instead of the data's. */
  yDomain?: [number, number];
}

export const MARGIN = { top: 10, right: 14, bottom: 36, left: 58 };

export function drawLineChart(el: SVGSVGElement, spec: LineChartSpec): void {
  const { width, height, series, markers, refLines = [], yLog = false } = spec;
  const w = width - MARGIN.left - MARGIN.right;
  const h = height - MARGIN.top - MARGIN.bottom;
  const svg = select(el).attr('width', width).attr('height', height) as unknown as Sel<SVGSVGElement>;

  const xs = series.map((s) => s.x).concat(markers ? [markers.x] : []);
  const [x0, x1] = paddedExtent(xs, 0, [0, 1]);
  const x = scaleLinear().domain([x0, x1 > x0 ? x1 : x0 + 1]).range([0, w]);
  const hasData = series.some((s) => s.y.length > 0);
  // reference lines widen the y range only next to data, so an empty chart keeps a plain [0, 1] axis
  const ys = series.map((s) => s.y).concat(markers ? [markers.y] : [], hasData ? [refLines.map((r) => r.y)] : []);
  const y: ScaleContinuousNumeric<number, number> = yLog
    ? scaleLog().domain(paddedExtent(ys, 0.05, [0.1, 10], true)).range([h, 0])
    : scaleLinear().domain(spec.yDomain ?? paddedExtent(ys, 0.05)).range([h, 0]).nice();
  const yFormat = spec.yFormat ?? format('~g');

  const plot = ensure(svg, 'g', 'plot').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  ensure(plot, 'g', 'gl-axis x')
    .attr('transform', `translate(0,${h})`)
    .call(axisBottom(x).tickValues(x.ticks(Math.max(2, Math.floor(w / 70))).filter(Number.isInteger)).tickFormat(format('~s')));
  const ticks = y.ticks(Math.max(2, Math.floor(h / 30)));
  const yTicks = ticks.length > 6 ? ticks.filter((_, i) => i % Math.ceil(ticks.length / 6) === 0) : ticks; // log scales tick every digit
  ensure(plot, 'g', 'gl-axis y').call(axisLeft(y).tickValues(yTicks).tickFormat((v) => yFormat(v as number)));
  ensure(plot, 'text', 'gl-axis-title x').attr('x', w / 2).attr('y', h + 31).attr('text-anchor', 'middle').text(spec.xLabel);
  ensure(plot, 'text', 'gl-axis-title y')
    .attr('transform', `translate(${-MARGIN.left + 12},${h / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(spec.yLabel);

  const inRange = (v: number) => Number.isFinite(v) && (!yLog || v > 0);
  const lines = ensure(plot, 'g', 'lines');
  lines
    .selectAll('path')
    .data(series)
    .join('path')
    .attr('fill', 'none')
    .attr('stroke', (s) => s.color)
    .attr('stroke-width', (s) => s.width ?? 1.5)
    .attr('stroke-opacity', (s) => s.opacity ?? 1)
    .attr('stroke-linecap', 'round')
    .attr('d', (s) => {
      const idx = decimateMinMax(s.y, Math.max(1, Math.floor(w)));
      const defined = idx.filter((i) => inRange(s.y[i]));
      // A lone point makes an empty path; a zero-length segment with a round cap draws it as a dot.
      if (defined.length === 1) return `M${x(s.x[defined[0]])},${y(s.y[defined[0]])}h0`;
      return line<number>()
        .defined((i) => inRange(s.y[i]))
        .x((i) => x(s.x[i]))
        .y((i) => y(s.y[i]))(idx);
    });

  const refs = ensure(plot, 'g', 'refs');
  const ref = refs
    .selectAll<SVGGElement, RefLine>('g')
    .data(refLines.filter((r) => inRange(r.y)))
    .join((enter) => {
      const g = enter.append('g');
      g.append('line').attr('stroke', '#666').attr('stroke-dasharray', '5 4');
      g.append('text').attr('class', 'gl-ref-label').attr('text-anchor', 'end').attr('dy', -4);
      return g;
    })
    .attr('transform', (r) => `translate(0,${y(r.y)})`);
  ref.select('line').attr('x2', w);
  ref.select('text').attr('x', w - 2).text((r) => r.label);

  const marks = ensure(plot, 'g', 'markers');
  const idx = markers ? Array.from({ length: markers.x.length }, (_, i) => i).filter((i) => inRange(markers.y[i])) : [];
  marks
    .selectAll<SVGCircleElement, number>('circle')
    .data(idx)
    .join((enter) => {
      const c = enter.append('circle').attr('r', 4).attr('stroke', '#fff').attr('stroke-width', 1);
      c.append('title');
      return c;
    })
    .attr('fill', markers?.color ?? 'none')
    .attr('cx', (i) => x(markers!.x[i]))
    .attr('cy', (i) => y(markers!.y[i]))
    .select('title')
    .text((i) => markers!.title(i));
}
