// The selected layer's histogram over training: one column per probe (x = step), each probe's bins at their
// own value edges (y = activation value), colour = share of the layer's values in the bin. Cells on a canvas,
// axes and the colour legend in SVG; reads `activationHistory`, geometry from histogram-columns.ts.
import { axisBottom, axisLeft, format, interpolateBlues, scaleLinear, select } from 'd3';
import { useEffect, useRef } from 'react';
import { useLab } from '../store/store';
import { ensure, type Sel } from './d3-ensure';
import { drawColorLegend, sizeCanvas } from './draw-heatmap';
import { histogramColumns } from './histogram-columns';
import { layerName } from './probe-data';
import { useStoreDraw, type Trigger } from './use-store-draw';
import { useTranslation } from 'react-i18next';
import { t } from '../i18n/i18n';

const TRIGGERS: Trigger[] = [(s) => s.activationHistory];
const MARGIN = { top: 10, right: 14, bottom: 84, left: 58 };
const PLOT_H = 180;
/** Light blue for a few values to dark blue for many; empty bins stay white. */
const sequential = (t: number) => interpolateBlues(0.15 + 0.85 * t);

export function ActivationHistogramOverTime({ layer }: { layer: number }) {
  const root = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const few = useLab((s) => s.activationHistory.length < 2);

  const request = useStoreDraw(root, TRIGGERS, (width) => {
    const cols = histogramColumns(useLab.getState().activationHistory, layer);
    const w = width - MARGIN.left - MARGIN.right;
    const height = MARGIN.top + PLOT_H + MARGIN.bottom;
    root.current!.dataset.columns = String(cols.columns);
    box.current!.style.height = `${height}px`;
    const x = scaleLinear().domain(cols.steps).range([MARGIN.left, MARGIN.left + w]);
    const y = scaleLinear().domain(cols.values).range([MARGIN.top + PLOT_H, MARGIN.top]).nice();
    const top = cols.maxShare || 1;

    const ctx = sizeCanvas(canvas.current!, width, height);
    for (const c of cols.cells) {
      ctx.fillStyle = sequential(c.share / top);
      // overlapping by a fraction of a pixel hides hairline seams between neighbouring cells
      ctx.fillRect(x(c.x0), y(c.hi), x(c.x1) - x(c.x0) + 0.5, y(c.lo) - y(c.hi) + 0.5);
    }

    const svg = select(svgRef.current!).attr('width', width).attr('height', height) as unknown as Sel<SVGSVGElement>;
    ensure(svg, 'rect', 'frame').attr('x', MARGIN.left).attr('y', MARGIN.top).attr('width', w).attr('height', PLOT_H).attr('fill', 'none').attr('stroke', '#ddd');
    ensure(svg, 'g', 'gl-axis x')
      .attr('transform', `translate(0,${MARGIN.top + PLOT_H})`)
      .call(axisBottom(x).tickValues(x.ticks(Math.max(2, Math.floor(w / 70))).filter(Number.isInteger)).tickFormat(format('~s')));
    ensure(svg, 'g', 'gl-axis y').attr('transform', `translate(${MARGIN.left},0)`).call(axisLeft(y).ticks(5).tickFormat(format('.2~f')));
    ensure(svg, 'text', 'gl-axis-title x').attr('x', MARGIN.left + w / 2).attr('y', MARGIN.top + PLOT_H + 31).attr('text-anchor', 'middle').text(t('views.step'));
    ensure(svg, 'text', 'gl-axis-title y')
      .attr('transform', `translate(12,${MARGIN.top + PLOT_H / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .text(t('activations.value'));
    drawColorLegend(ensure(svg, 'g', 'legend').attr('transform', `translate(${MARGIN.left},${MARGIN.top + PLOT_H + 58})`), {
      interpolate: sequential,
      domain: [0, 100 * top],
      width: Math.min(260, w),
      title: t('activations.share'),
      format: format('~g'),
    });
  });
  useEffect(request, [layer, request]);
  const { t: tr } = useTranslation();

  return (
    <div ref={root} className="gl-chart" data-testid="activation-histogram-time" data-columns="0">
      <div className="gl-sub">{tr('activations.overTime', { layer: layerName(layer) })}</div>
      <p className="gl-caption">{tr('activations.overTimeCaption')}</p>
      <div ref={box} className="gl-heatmap">
        <canvas ref={canvas} />
        <svg ref={svgRef} />
        {few && <div className="gl-empty">{tr('activations.twoProbes')}</div>}
      </div>
    </div>
  );
}
